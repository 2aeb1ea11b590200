/** `desk status [available|away|offline] [--reason TEXT]` and `desk status --team`. */
import type { Command } from 'commander';
import type { Context } from './context.js';
import { openSession, withCommon, type CommonOptions } from './session.js';
import { printTable, when } from './output.js';
import { printJson } from './json.js';
import { presenceLine } from './chat/format.js';
import { invalid, usageError } from '../core/errors.js';
import { SETTABLE_PRESENCE, STATUS_REASON_MAX } from '../core/chat.js';
import { AvailabilityApi } from '../client/api/availability.js';

interface StatusOptions extends CommonOptions {
  reason?: string;
  team?: boolean;
}

export async function runStatus(state: string | undefined, opts: StatusOptions, ctx: Context): Promise<void> {
  if (opts.team && state !== undefined) throw usageError('--team only lists; give no state with it');
  let wanted: (typeof SETTABLE_PRESENCE)[number] | undefined;
  if (state !== undefined) {
    wanted = SETTABLE_PRESENCE.find((s) => s === state.trim().toLowerCase());
    if (!wanted) throw invalid(`the state must be one of ${SETTABLE_PRESENCE.join(', ')}, got "${state}"`);
  }
  if (opts.reason !== undefined) {
    if (wanted !== 'away') throw usageError('--reason goes with `desk status away`');
    if (opts.reason.trim() === '' || opts.reason.length > STATUS_REASON_MAX) {
      throw invalid(`--reason must be 1 to ${STATUS_REASON_MAX} characters`);
    }
  }
  const { client } = await openSession(ctx, { ...opts, mask: true });
  const availability = new AvailabilityApi(client);
  if (opts.team) {
    const team = await availability.team();
    if (opts.json) return printJson(ctx, team);
    printTable(
      ctx,
      [
        { header: 'ID' },
        { header: 'NAME', max: 30 },
        { header: 'STATE', max: 30 },
        { header: 'CHATS' },
        { header: 'SINCE' },
      ],
      team.map((p) => [
        String(p.technician.id),
        p.technician.name,
        p.state === 'away' && p.reason ? `away (${p.reason})` : p.state === 'rona' ? 'RONA' : p.state,
        `${p.activeChats}${p.maxChats !== null ? `/${p.maxChats}` : ''}`,
        when(ctx, p.since),
      ]),
    );
    return;
  }
  const presence =
    wanted === undefined ? await availability.status() : await availability.setStatus(wanted, opts.reason);
  if (opts.json) return printJson(ctx, presence);
  ctx.stdout.write(presenceLine(ctx, presence) + '\n');
}

export function register(program: Command, ctx: Context): void {
  withCommon(
    program
      .command('status')
      .description('Show or set your availability for chats: available, away (with --reason) or offline')
      .argument('[state]', 'available, away or offline (RONA is left by setting available)')
      .option('--reason <text>', 'why you are away')
      .option('--team', "list every technician's availability"),
  ).action((state: string | undefined, opts: StatusOptions) => runStatus(state, opts, ctx));
}
