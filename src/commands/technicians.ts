/** `desk technicians list`: everyone with their open-ticket workload. */
import type { Command } from 'commander';
import type { Context } from './context.js';
import { PeopleApi } from '../client/api/people.js';
import { openSession, withCommon, type CommonOptions } from './session.js';
import { printTable } from './output.js';
import { printJson } from './json.js';

export async function runTechniciansList(opts: CommonOptions, ctx: Context): Promise<void> {
  const { client } = await openSession(ctx, opts);
  const techs = await new PeopleApi(client).technicians();
  if (opts.json) return printJson(ctx, techs);
  printTable(
    ctx,
    [
      { header: 'ID' },
      { header: 'NAME', max: 30 },
      { header: 'EMAIL', max: 40 },
      { header: 'ROLE' },
      { header: 'OPEN' },
    ],
    techs.map((t) => [String(t.id), t.name, t.email, t.admin ? 'admin' : 'technician', String(t.openTickets)]),
  );
}

export function register(program: Command, ctx: Context): void {
  const technicians = program.command('technicians').description('List technicians and their workload');
  withCommon(technicians.command('list').description('Technicians with their open-ticket count')).action(
    (opts: CommonOptions) => runTechniciansList(opts, ctx),
  );
}
