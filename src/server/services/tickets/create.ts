/**
 * Creating a ticket (DESIGN §2.1): in a company the actor sees, with an
 * optional requester, assignee, tags, first note (its @mentions notify, as any
 * note's do), product family and custom fields; the SLA clock starts by its
 * priority. A repeated `clientId` answers with the original ticket.
 */
import type { Kysely } from 'kysely';
import type { Database, TicketRow, TicketSlaRow } from '../../store/schema.js';
import type { Store, WriteScope } from '../../store/store.js';
import { isUniqueViolation } from '../../store/errors.js';
import type { Actor } from '../actor.js';
import { canSeeCompany, scopeOf } from '../access.js';
import { recordActivity } from './activity.js';
import { writeFieldValues } from './fields.js';
import { checkAssignee } from './lookup.js';
import { notifyMentions } from './notifications.js';
import { startTicketSla } from './sla-clock.js';
import { newTicketView, ticketView } from './views.js';
import { DeskError, invalid } from '../../../core/errors.js';
import type { Ticket } from '../../../core/schemas.js';
import { createTicketInput } from '../../../core/inputs.js';
import { priorityRank, truncateComment } from '../../../core/tickets.js';
import { mailAssignment, mailMentions } from '../mail/technician-mail.js';

async function findByClientId(db: Kysely<Database>, actor: Actor, clientId: string): Promise<TicketRow | undefined> {
  return db
    .selectFrom('tickets')
    .selectAll()
    .where('created_by_id', '=', actor.id)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
}

/** After the row is inserted: product family, custom fields, the SLA clock. Answers the row as it is now. */
async function applyCreateProperties(
  scope: WriteScope,
  actor: Actor,
  row: TicketRow,
  input: { productFamily?: string | undefined; fields?: Record<string, string> | undefined },
): Promise<{ row: TicketRow; sla: TicketSlaRow | undefined }> {
  let current = row;
  if (input.productFamily !== undefined) {
    current = await scope.trx
      .updateTable('tickets')
      .set({ product_family: input.productFamily })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  if (input.fields) await writeFieldValues(scope, actor, row.id, input.fields);
  return { row: current, sla: await startTicketSla(scope, current) };
}

export async function createTicket(store: Store, actor: Actor, raw: unknown): Promise<Ticket> {
  const input = createTicketInput.parse(raw);
  // A repeated client id is found when the write fails (by the unique index, or a check the first
  // sending passed), not asked first: the first sending, the common one, costs no extra read.
  try {
    return await store.write(async (scope) => {
      const { trx, now, emit } = scope;
      const company = await trx
        .selectFrom('companies')
        .select(['id', 'name'])
        .where('id', '=', input.companyId)
        .executeTakeFirst();
      if (!company || !canSeeCompany(await scopeOf(trx, actor), company.id)) {
        throw invalid(`company ${input.companyId} does not exist`, 'companyId');
      }
      const requester =
        input.requesterId === undefined
          ? undefined
          : await trx
              .selectFrom('contacts')
              .select(['id', 'company_id', 'name', 'email', 'phone'])
              .where('id', '=', input.requesterId)
              .executeTakeFirst();
      if (input.requesterId !== undefined && requester?.company_id !== company.id) {
        throw invalid(`contact ${input.requesterId} is not a contact of company ${company.id}`, 'requesterId');
      }
      const assignee =
        input.assigneeId === undefined ? undefined : await checkAssignee(trx, input.assigneeId, company.id);
      const row = await trx
        .insertInto('tickets')
        .values({
          company_id: company.id,
          title: input.title,
          status: 'open',
          type: input.type,
          priority: input.priority,
          priority_rank: priorityRank(input.priority),
          impact: input.impact,
          activity_status: 'unread',
          assignee_id: input.assigneeId ?? null,
          requester_id: input.requesterId ?? null,
          created_by_id: actor.id,
          client_id: input.clientId ?? null,
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      const tags = [...new Set(input.tags)];
      if (tags.length)
        await trx
          .insertInto('ticket_tags')
          .values(tags.map((tag) => ({ ticket_id: row.id, tag })))
          .execute();
      await recordActivity(scope, actor, row.id, 'created', null, input.title);
      if (input.message !== undefined) {
        const { body, truncated } = truncateComment(input.message);
        const note = await trx
          .insertInto('comments')
          .values({
            ticket_id: row.id,
            kind: 'note',
            author_kind: 'technician',
            author_technician_id: actor.id,
            author_contact_id: null,
            body,
            truncated: truncated ? 1 : 0,
            client_id: null,
            created_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await notifyMentions(scope, actor, row, note.id, body);
        await mailMentions(scope, store, actor, note.id);
      }
      await mailAssignment(scope, store, actor, { assignee_id: null }, row);
      const made = await applyCreateProperties(scope, actor, row, input);
      // What this write made is known: the answer is built from it, not read back, unless the
      // parts whose order or form the database decides (several tags, custom fields) are there.
      const ticket =
        tags.length > 1 || input.fields
          ? await ticketView(trx, made.row, now)
          : newTicketView(
              made.row,
              { assignee, requester, companyName: company.name, tag: tags[0], sla: made.sla },
              now,
            );
      emit({ type: 'ticket.created', companyId: company.id, data: { ticket } });
      return ticket;
    });
  } catch (err) {
    // A repeat is answered with the first ticket also when what it names has changed since (a
    // grant revoked, a contact moved): it was valid when the first one was made.
    if (input.clientId && (isUniqueViolation(err) || err instanceof DeskError)) {
      const existing = await findByClientId(store.db, actor, input.clientId);
      if (existing) return ticketView(store.db, existing, store.now());
    }
    throw err;
  }
}
