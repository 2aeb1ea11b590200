/**
 * The IMAP mailboxes read for tickets (admin): add, list, remove and test. Adding one schedules its
 * first read at once; the reader (reader.ts) keeps reading it.
 */
import type { Store } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { schedule, cancel } from '../../deadlines/deadlines.js';
import { iso } from '../../iso-time.js';
import { forbidden, notFound } from '../../../core/errors.js';
import { maskSmtpUrl } from '../../../core/mail.js';
import { imapFolder, mailboxInput, parseImapUrl, type Mailbox } from '../../../core/inbound-mail.js';
import { imapClient } from './imap.js';

/** The deadline that reads one mailbox (ref: its id). */
export const MAIL_POLL = 'mail.poll';

function requireAdmin(actor: Actor): void {
  if (!actor.admin) throw forbidden('only an admin can manage mailboxes');
}

export async function listMailboxes(store: Store, actor: Actor): Promise<Mailbox[]> {
  requireAdmin(actor);
  const rows = await store.db.selectFrom('mailboxes').selectAll().orderBy('id').execute();
  const counts = await store.db
    .selectFrom('mail_inbound')
    .select(['mailbox_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('mailbox_id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    imapUrl: maskSmtpUrl(r.imap_url),
    folder: imapFolder(new URL(r.imap_url)),
    companyId: r.company_id === null ? null : Number(r.company_id),
    lastError: r.last_error,
    push: r.push === 'idle' || r.push === 'polling' ? r.push : null,
    imported: Number(counts.find((c) => Number(c.mailbox_id) === r.id)?.n ?? 0),
    createdAt: iso(Number(r.created_at)),
  }));
}

export async function addMailbox(store: Store, actor: Actor, raw: unknown): Promise<Mailbox> {
  requireAdmin(actor);
  const input = mailboxInput.parse(raw);
  const url = parseImapUrl(input.imapUrl);
  const id = await store.write(async (scope) => {
    const { trx, now } = scope;
    if (input.companyId !== undefined) {
      const company = await trx
        .selectFrom('companies')
        .select('id')
        .where('id', '=', input.companyId)
        .executeTakeFirst();
      if (!company) throw notFound(`company ${input.companyId}`);
    }
    const row = await trx
      .insertInto('mailboxes')
      .values({
        imap_url: url.toString(),
        queue_id: null,
        company_id: input.companyId ?? null,
        last_error: null,
        push: null,
        created_by_id: actor.id,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await schedule(scope, { kind: MAIL_POLL, ref: String(row.id), dueAt: now });
    return row.id;
  });
  return (await listMailboxes(store, actor)).find((m) => m.id === id)!;
}

export async function removeMailbox(store: Store, actor: Actor, id: number): Promise<{ removed: true }> {
  requireAdmin(actor);
  await store.write(async (scope) => {
    const gone = await scope.trx.deleteFrom('mailboxes').where('id', '=', id).executeTakeFirst();
    if (Number(gone.numDeletedRows) === 0) throw notFound(`mailbox ${id}`);
    await cancel(scope, MAIL_POLL, String(id));
  });
  return { removed: true };
}

/** Logs in and opens the folder; answers how many messages it holds, or the server's error. */
export async function testMailbox(store: Store, actor: Actor, id: number) {
  requireAdmin(actor);
  const row = await store.db.selectFrom('mailboxes').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound(`mailbox ${id}`);
  const client = imapClient(row.imap_url);
  try {
    await client.connect();
    const box = await client.mailboxOpen(imapFolder(new URL(row.imap_url)), { readOnly: true });
    return { ok: true, messages: box.exists, error: null };
  } catch (err) {
    return { ok: false, messages: null, error: err instanceof Error ? err.message : String(err) };
  } finally {
    await client.logout().catch(() => client.close());
  }
}
