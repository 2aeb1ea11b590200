/**
 * Pickers of technicians and queues (transfer, conference): each technician with their availability
 * and chat load, Offline and RONA ones marked and not to be chosen; filtered as you type. They open
 * with what is known and are refreshed from the server at once, so that technicians and queues added
 * since the TUI started are there.
 */
import type { Presence } from '../../core/chat.js';
import type { Technician } from '../../core/schemas.js';
import type { TuiContext } from '../context.js';
import { pickerOptions } from '../select.js';
import type { Option, Purpose, State } from '../state.js';
import { openPicker } from './modal.js';

const STATE_LABEL: Record<Presence['state'], string> = {
  available: 'Available',
  away: 'Away',
  offline: 'Offline',
  rona: 'RONA',
};

/** A technician as a picker option: availability, active chats of their limit, and whether they can be chosen. */
export function technicianOption(state: State, t: Technician, value: string): Option {
  const p = state.directory.team.get(t.id);
  if (!p) return { label: t.name, value, hint: 'technician' };
  const full = p.maxChats !== null && p.activeChats >= p.maxChats;
  const load = `${p.activeChats}/${p.maxChats ?? '∞'} chats${full ? ', full' : ''}`;
  const hint = `${STATE_LABEL[p.state]}${p.state === 'away' && p.reason ? ` (${p.reason})` : ''} · ${load}`;
  if (p.state === 'offline') {
    return { label: t.name, value, hint, disabled: `${t.name} is Offline and cannot take a chat.` };
  }
  if (p.state === 'rona') {
    return {
      label: t.name,
      value,
      hint,
      disabled: `${t.name} is in RONA (missed an offer) and cannot take a chat until Available again.`,
    };
  }
  return { label: t.name, value, hint };
}

function samePurpose(a: Purpose, b: Purpose): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Opens a filtering picker with the options `build` makes from the state, reloads the directory,
 * then shows the fresh options (keeping what was typed and the row chosen).
 */
export async function openFreshPicker(
  ctx: TuiContext,
  title: string,
  purpose: Purpose,
  build: (state: State) => Option[],
): Promise<void> {
  const known = build(ctx.state());
  if (known.length > 0) openPicker(ctx, title, known, purpose, firstEnabled(known), '');
  try {
    await ctx.loadDirectory();
  } catch (err) {
    return ctx.fail(err);
  }
  const fresh = build(ctx.state());
  if (known.length === 0) return openPicker(ctx, title, fresh, purpose, firstEnabled(fresh), '');
  const m = ctx.state().modal;
  if (m.kind !== 'picker' || !samePurpose(m.purpose, purpose)) return;
  // The row chosen stays chosen unless it can no longer be picked.
  const chosen = pickerOptions(m)[m.selected]?.value;
  const next = { ...m, options: fresh };
  const visible = pickerOptions(next);
  const at = visible.findIndex((o) => o.value === chosen && o.disabled === undefined);
  ctx.dispatch({ type: 'modal', modal: { ...next, selected: at >= 0 ? at : firstEnabled(visible) } });
}

function firstEnabled(options: readonly Option[]): number {
  return Math.max(
    0,
    options.findIndex((o) => o.disabled === undefined),
  );
}
