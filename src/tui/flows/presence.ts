/** My availability: Available at one key (ends RONA), or Available, Away or Offline from a picker. */
import type { PurposeHandlers, TuiContext } from '../context.js';
import type { Option } from '../state.js';
import { openPicker } from './modal.js';

type Availability = 'available' | 'away' | 'offline';

const OPTIONS: readonly Option[] = [
  { label: 'Available', value: 'available', hint: 'receive chat offers' },
  { label: 'Away', value: 'away', hint: 'no offers' },
  { label: 'Offline', value: 'offline', hint: 'no offers' },
];

export async function setPresence(ctx: TuiContext, state: Availability): Promise<void> {
  try {
    const presence = await ctx.api.setStatus(state);
    ctx.dispatch({ type: 'presence', presence });
  } catch (err) {
    ctx.fail(err);
  }
}

export function startPresence(ctx: TuiContext): void {
  openPicker(ctx, 'Set your availability', OPTIONS, { kind: 'presence' });
}

export const presenceChoices: PurposeHandlers<'presence'> = {
  presence: (ctx, _p, value) => setPresence(ctx, value as Availability),
};
