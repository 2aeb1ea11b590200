/** `desk admin technicians reports <id> [--revoke]`: the right to see every report figure. */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { openSession, parseId, withCommon, type CommonOptions } from '../session.js';
import { ReportsApi } from '../../client/api/reports.js';
import { printJson } from '../json.js';
import { say } from '../output.js';

export function registerReportsRight(technicians: Command, ctx: Context): void {
  withCommon(
    technicians
      .command('reports')
      .description('Let a technician see every report figure (others see their own and their companies’)')
      .argument('<id>')
      .option('--revoke', 'take the right away'),
  ).action(async (id: string, opts: CommonOptions & { revoke?: boolean }) => {
    const techId = parseId(id, 'technician id');
    const { client } = await openSession(ctx, opts);
    const res = await new ReportsApi(client).setRight(techId, opts.revoke !== true);
    if (opts.json) return printJson(ctx, res);
    say(
      ctx,
      res.reports
        ? `Technician ${techId} may now see every report`
        : `Technician ${techId} sees their own figures only`,
    );
  });
}
