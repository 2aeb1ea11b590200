/** `desk admin sla|statuses|fields`: SLA targets, custom statuses and custom ticket fields. */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { collect, openSession, withCommon, type CommonOptions } from '../session.js';
import { SettingsApi } from '../../client/api/settings.js';
import { FIELD_KINDS } from '../../core/custom-fields.js';
import { PRIORITIES, TICKET_STATUSES } from '../../core/tickets.js';
import { formatDuration, parseDuration } from '../../core/duration.js';
import { invalid, usageError } from '../../core/errors.js';
import { enumFlag } from '../tickets/parse.js';
import { printTable, say } from '../output.js';
import { printJson } from '../json.js';

function target(raw: string | undefined, flag: string): number | undefined {
  if (raw === undefined) return undefined;
  const ms = parseDuration(raw);
  if (ms === undefined || ms < 60_000 || ms > 366 * 86_400_000) {
    throw invalid(`${flag} must be a duration from 1m to 366d such as 1h or 8h, got "${raw}"`, flag);
  }
  return ms;
}

function registerSla(admin: Command, ctx: Context): void {
  const sla = admin.command('sla').description('SLA targets per priority (24×7 clocks)');
  withCommon(
    sla
      .command('set')
      .description('Set the first-response and/or resolution target of a priority')
      .requiredOption('--priority <priority>', PRIORITIES.join(', '))
      .option('--response <duration>', 'first public reply within, e.g. 1h')
      .option('--resolution <duration>', 'resolved within, e.g. 8h'),
  ).action(async (opts: CommonOptions & { priority: string; response?: string; resolution?: string }) => {
    const priority = enumFlag(PRIORITIES, opts.priority, '--priority');
    const responseMs = target(opts.response, '--response');
    const resolutionMs = target(opts.resolution, '--resolution');
    if (responseMs === undefined && resolutionMs === undefined) {
      throw usageError('nothing to set', 'add --response, --resolution or both');
    }
    const { client } = await openSession(ctx, opts);
    const p = await new SettingsApi(client).setSla({ priority, responseMs, resolutionMs });
    if (opts.json) return printJson(ctx, p);
    const fmt = (ms: number | null) => (ms === null ? 'none' : formatDuration(ms));
    say(ctx, `SLA for ${p.priority}: response ${fmt(p.responseMs)}, resolution ${fmt(p.resolutionMs)}`);
  });
  withCommon(sla.command('list').description('List SLA targets')).action(async (opts: CommonOptions) => {
    const { client } = await openSession(ctx, opts);
    const list = await new SettingsApi(client).slaPolicies();
    if (opts.json) return printJson(ctx, list);
    const fmt = (ms: number | null) => (ms === null ? '' : ctx.stdout.isTTY ? formatDuration(ms) : String(ms));
    printTable(
      ctx,
      [{ header: 'PRIORITY' }, { header: 'RESPONSE' }, { header: 'RESOLUTION' }],
      list.map((p) => [p.priority, fmt(p.responseMs), fmt(p.resolutionMs)]),
    );
  });
  withCommon(
    sla.command('rm').description('Remove the SLA targets of a priority').requiredOption('--priority <priority>'),
  ).action(async (opts: CommonOptions & { priority: string }) => {
    const priority = enumFlag(PRIORITIES, opts.priority, '--priority');
    const { client } = await openSession(ctx, opts);
    const res = await new SettingsApi(client).removeSla(priority);
    if (opts.json) return printJson(ctx, { priority, ...res });
    say(ctx, `Removed the SLA targets of ${priority}`);
  });
}

function registerStatuses(admin: Command, ctx: Context): void {
  const statuses = admin.command('statuses').description('Custom ticket statuses');
  withCommon(
    statuses
      .command('add')
      .description('Add a custom status mapped to a built-in one (for SLA and reports)')
      .argument('<name>')
      .requiredOption('--maps-to <status>', TICKET_STATUSES.join(', ')),
  ).action(async (name: string, opts: CommonOptions & { mapsTo: string }) => {
    const mapsTo = enumFlag(TICKET_STATUSES, opts.mapsTo, '--maps-to');
    if (name.trim() === '') throw invalid('the status name must not be empty', 'name');
    const { client } = await openSession(ctx, opts);
    const s = await new SettingsApi(client).addStatus(name, mapsTo);
    if (opts.json) return printJson(ctx, s);
    say(ctx, `Added status "${s.name}" (${s.mapsTo})`);
  });
  withCommon(statuses.command('list').description('List custom statuses')).action(async (opts: CommonOptions) => {
    const { client } = await openSession(ctx, opts);
    const list = await new SettingsApi(client).statuses();
    if (opts.json) return printJson(ctx, list);
    printTable(
      ctx,
      [{ header: 'ID' }, { header: 'NAME', max: 40 }, { header: 'MAPS TO' }],
      list.map((s) => [String(s.id), s.name, s.mapsTo]),
    );
  });
  withCommon(statuses.command('rm').description('Remove a custom status no ticket is in').argument('<name>')).action(
    async (name: string, opts: CommonOptions) => {
      const { client } = await openSession(ctx, opts);
      const res = await new SettingsApi(client).removeStatus(name);
      if (opts.json) return printJson(ctx, { name, ...res });
      say(ctx, `Removed status "${name}"`);
    },
  );
}

function registerFields(admin: Command, ctx: Context): void {
  const fields = admin.command('fields').description('Custom ticket fields');
  withCommon(
    fields
      .command('add')
      .description('Add a custom field')
      .argument('<name>')
      .requiredOption('--kind <kind>', FIELD_KINDS.join(', '))
      .option('--choice <value>', 'an allowed value of a choice field (repeatable)', collect),
  ).action(async (name: string, opts: CommonOptions & { kind: string; choice?: string[] }) => {
    const kind = enumFlag(FIELD_KINDS, opts.kind, '--kind');
    if (name.trim() === '' || /[=,]/.test(name))
      throw invalid('the field name must not be empty nor hold = or commas', 'name');
    if (kind === 'choice' && !opts.choice?.length) throw invalid('a choice field needs --choice values', '--choice');
    if (kind !== 'choice' && opts.choice?.length) throw invalid('--choice goes with --kind choice only', '--choice');
    const { client } = await openSession(ctx, opts);
    const f = await new SettingsApi(client).addField({ name, kind, choices: opts.choice });
    if (opts.json) return printJson(ctx, f);
    say(ctx, `Added ${f.kind} field "${f.name}"`);
  });
  withCommon(fields.command('list').description('List custom fields')).action(async (opts: CommonOptions) => {
    const { client } = await openSession(ctx, opts);
    const list = await new SettingsApi(client).fields();
    if (opts.json) return printJson(ctx, list);
    printTable(
      ctx,
      [{ header: 'ID' }, { header: 'NAME', max: 40 }, { header: 'KIND' }, { header: 'CHOICES', max: 60 }],
      list.map((f) => [String(f.id), f.name, f.kind, (f.choices ?? []).join(', ')]),
    );
  });
  withCommon(fields.command('rm').description('Remove a custom field and its values').argument('<name>')).action(
    async (name: string, opts: CommonOptions) => {
      const { client } = await openSession(ctx, opts);
      const res = await new SettingsApi(client).removeField(name);
      if (opts.json) return printJson(ctx, { name, ...res });
      say(ctx, `Removed field "${name}"`);
    },
  );
}

export function registerTicketSettings(admin: Command, ctx: Context): void {
  registerSla(admin, ctx);
  registerStatuses(admin, ctx);
  registerFields(admin, ctx);
}
