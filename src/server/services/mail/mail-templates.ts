/**
 * The mail templates in effect: an admin's change (`mail_templates`, one row per kind, a null part
 * keeping the shipped default) over the defaults of core/mail-templates.ts. Every mail Deskline
 * writes is made here from its kind's template.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Store } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { iso } from '../../iso-time.js';
import { forbidden } from '../../../core/errors.js';
import {
  MAIL_TEMPLATE_DEFAULTS,
  MAIL_TEMPLATE_FIELDS,
  MAIL_TEMPLATE_KINDS,
  checkMailTemplateInput,
  describeMailTemplate,
  mailTemplateInput,
  parseMailTemplateKind,
  renderMail,
  type MailTemplate,
  type MailTemplateKind,
  type MailTemplateParts,
  type RenderedMail,
} from '../../../core/mail-templates.js';

type Row = Awaited<ReturnType<typeof rowsOf>>[number];

function rowsOf(db: Kysely<Database>, kind?: MailTemplateKind) {
  return db
    .selectFrom('mail_templates')
    .selectAll()
    .$if(kind !== undefined, (q) => q.where('kind', '=', kind!))
    .execute();
}

function effective(kind: MailTemplateKind, row: Row | undefined): MailTemplateParts {
  const d = MAIL_TEMPLATE_DEFAULTS[kind];
  return { subject: row?.subject ?? d.subject, text: row?.text_body ?? d.text, html: row?.html_body ?? d.html };
}

/** The kind's mail, made with `db` (a transaction or the store's database). */
export async function renderMailOf(
  db: Kysely<Database>,
  kind: MailTemplateKind,
  values: Readonly<Record<string, string>>,
): Promise<RenderedMail> {
  const [row] = await rowsOf(db, kind);
  return renderMail(kind, effective(kind, row), values);
}

function view(kind: MailTemplateKind, row: Row | undefined): MailTemplate {
  const parts = effective(kind, row);
  return {
    kind,
    description: describeMailTemplate(kind),
    fields: [...MAIL_TEMPLATE_FIELDS[kind]],
    ...parts,
    changed: {
      subject: row?.subject != null,
      text: row?.text_body != null,
      html: row?.html_body != null,
    },
    updatedAt: row ? iso(Number(row.updated_at)) : null,
  };
}

function requireAdmin(actor: Actor): void {
  if (!actor.admin) throw forbidden('only an admin can manage mail templates');
}

export async function listMailTemplates(store: Store, actor: Actor): Promise<MailTemplate[]> {
  requireAdmin(actor);
  const rows = await rowsOf(store.db);
  return MAIL_TEMPLATE_KINDS.map((k) =>
    view(
      k,
      rows.find((r) => r.kind === k),
    ),
  );
}

export async function showMailTemplate(store: Store, actor: Actor, rawKind: string): Promise<MailTemplate> {
  requireAdmin(actor);
  const kind = parseMailTemplateKind(rawKind);
  const [row] = await rowsOf(store.db, kind);
  return view(kind, row);
}

/** Changes the parts given; the others stay as they are. */
export async function setMailTemplate(store: Store, actor: Actor, rawKind: string, raw: unknown) {
  requireAdmin(actor);
  const kind = parseMailTemplateKind(rawKind);
  const input = mailTemplateInput.parse(raw);
  checkMailTemplateInput(kind, input);
  await store.write(async ({ trx, now }) => {
    const [row] = await rowsOf(trx, kind);
    const values = {
      subject: input.subject ?? row?.subject ?? null,
      text_body: input.text ?? row?.text_body ?? null,
      html_body: input.html ?? row?.html_body ?? null,
      updated_by_id: actor.id,
      updated_at: now,
    };
    if (row) await trx.updateTable('mail_templates').set(values).where('kind', '=', kind).execute();
    else
      await trx
        .insertInto('mail_templates')
        .values({ kind, ...values })
        .execute();
  });
  return showMailTemplate(store, actor, kind);
}

/** Back to the shipped default. */
export async function resetMailTemplate(store: Store, actor: Actor, rawKind: string): Promise<MailTemplate> {
  requireAdmin(actor);
  const kind = parseMailTemplateKind(rawKind);
  await store.write(({ trx }) => trx.deleteFrom('mail_templates').where('kind', '=', kind).execute());
  return showMailTemplate(store, actor, kind);
}
