/**
 * CC recipients of a public reply: e-mail addresses or technicians (by id,
 * e-mail or the same names `@mentions` take). Unknown technicians, and those
 * who may not see the ticket's company (as mentions respect grants), are
 * invalid input.
 */
import type { Kysely } from 'kysely';
import * as z from 'zod/mini';
import '../../../core/zod-locale.js';
import type { Database } from '../../store/schema.js';
import { invalid } from '../../../core/errors.js';
import { resolveMentions } from '../../../core/mentions.js';
import type { CcRecipient } from '../../../core/ticket-properties.js';

const email = z.email();

export async function resolveCc(
  db: Kysely<Database>,
  companyId: number,
  raws: readonly string[],
): Promise<CcRecipient[]> {
  if (raws.length === 0) return [];
  const [techs, granted] = await Promise.all([
    db.selectFrom('technicians').select(['id', 'name', 'email', 'is_admin']).execute(),
    db.selectFrom('grants').select('technician_id').where('company_id', '=', companyId).execute(),
  ]);
  const maySee = new Set([
    ...techs.filter((t) => t.is_admin === 1).map((t) => t.id),
    ...granted.map((g) => Number(g.technician_id)),
  ]);
  const out: CcRecipient[] = [];
  const seen = new Set<string>();
  for (const raw of raws) {
    const value = raw.trim();
    let recipient: CcRecipient | undefined;
    if (value.includes('@') && !value.startsWith('@')) {
      if (!email.safeParse(value).success) throw invalid(`--cc "${raw}" is not an e-mail address`, 'cc');
      const tech = techs.find((t) => t.email.toLowerCase() === value.toLowerCase());
      recipient = tech
        ? { kind: 'technician', id: tech.id, name: tech.name }
        : { kind: 'email', email: value.toLowerCase() };
    } else if (/^\d+$/.test(value)) {
      const tech = techs.find((t) => t.id === Number(value));
      if (!tech) throw invalid(`--cc: technician ${value} does not exist`, 'cc');
      recipient = { kind: 'technician', id: tech.id, name: tech.name };
    } else {
      const handle = value.replace(/^@/, '').replace(/\s+/g, '.');
      const [tech] = resolveMentions(`@${handle}`, techs);
      if (!tech) throw invalid(`--cc "${raw}" is neither an e-mail address nor a technician`, 'cc');
      recipient = { kind: 'technician', id: tech.id, name: tech.name };
    }
    if (recipient.kind === 'technician' && !maySee.has(recipient.id)) {
      throw invalid(`--cc: ${recipient.name} has no access to this ticket's company`, 'cc');
    }
    const key = recipient.kind === 'email' ? recipient.email : `t${recipient.id}`;
    if (!seen.has(key)) out.push(recipient);
    seen.add(key);
  }
  return out;
}
