/**
 * The SMTP transport: the one an admin set (`desk admin mail set`, kept in `mail_transport`, the
 * password never answered), else the server's `DESK_SMTP_URL` / `DESK_MAIL_FROM`. Mail is queued
 * only while a transport is in effect; without one, identity codes wait for an admin to read out.
 */
import nodemailer from 'nodemailer';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { Store } from '../../store/store.js';
import type { Actor } from '../actor.js';
import { iso } from '../../iso-time.js';
import { forbidden } from '../../../core/errors.js';
import {
  formatMailAddress,
  mailTransportInput,
  maskSmtpUrl,
  parseMailAddress,
  parseSmtpUrl,
  type MailAddress,
  type MailTransport,
} from '../../../core/mail.js';

export interface TransportConfig {
  readonly smtpUrl: string;
  readonly from: MailAddress;
  readonly source: 'settings' | 'environment';
  readonly updatedAt: number | null;
}

export interface EnvironmentTransport {
  readonly smtpUrl: string;
  readonly from?: string | undefined;
}

/** The transport each store's server was started with (`DESK_SMTP_URL`), used when none is set. */
const fromEnvironment = new WeakMap<Store, TransportConfig>();

/** Records the server's environment transport; checks it as `mail set` would. */
export function useEnvironmentTransport(store: Store, env: EnvironmentTransport): void {
  const url = parseSmtpUrl(env.smtpUrl);
  const from = parseMailAddress(env.from ?? `deskline@${url.hostname}`, 'DESK_MAIL_FROM');
  const config: TransportConfig = { smtpUrl: url.toString(), from, source: 'environment', updatedAt: null };
  fromEnvironment.set(store, config);
}

/**
 * The transport in effect, read with `db` (a transaction or the store's database); `owner` is the
 * store whose environment default applies.
 */
export async function transportConfig(db: Kysely<Database>, owner: Store): Promise<TransportConfig | undefined> {
  const row = await db.selectFrom('mail_transport').selectAll().where('id', '=', 1).executeTakeFirst();
  if (row) {
    return {
      smtpUrl: row.smtp_url,
      from: parseMailAddress(row.from_address),
      source: 'settings',
      updatedAt: row.updated_at,
    };
  }
  return fromEnvironment.get(owner);
}

function view(config: TransportConfig | undefined): MailTransport {
  return config
    ? {
        configured: true,
        source: config.source,
        smtpUrl: maskSmtpUrl(config.smtpUrl),
        from: formatMailAddress(config.from),
        updatedAt: config.updatedAt === null ? null : iso(config.updatedAt),
      }
    : { configured: false, source: null, smtpUrl: null, from: null, updatedAt: null };
}

export async function showTransport(store: Store, actor: Actor): Promise<MailTransport> {
  if (!actor.admin) throw forbidden('only an admin can see the mail settings');
  return view(await transportConfig(store.db, store));
}

export async function setTransport(store: Store, actor: Actor, raw: unknown): Promise<MailTransport> {
  if (!actor.admin) throw forbidden('only an admin can change the mail settings');
  const input = mailTransportInput.parse(raw);
  const url = parseSmtpUrl(input.smtpUrl);
  const from = parseMailAddress(input.from);
  await store.write(async ({ trx, now }) => {
    await trx.deleteFrom('mail_transport').where('id', '=', 1).execute();
    await trx
      .insertInto('mail_transport')
      .values({
        id: 1,
        smtp_url: url.toString(),
        from_address: formatMailAddress(from),
        updated_by_id: actor.id,
        updated_at: now,
      })
      .execute();
  });
  return view(await transportConfig(store.db, store));
}

/** Removes the stored transport (the environment's, if any, is then in effect). */
export async function unsetTransport(store: Store, actor: Actor): Promise<MailTransport> {
  if (!actor.admin) throw forbidden('only an admin can change the mail settings');
  await store.write(({ trx }) => trx.deleteFrom('mail_transport').where('id', '=', 1).execute());
  return view(await transportConfig(store.db, store));
}

/** A nodemailer transport for the URL: TLS required unless the URL says `?ignoreTLS=true`. */
export function smtpTransport(smtpUrl: string) {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  const plain = url.searchParams.get('ignoreTLS') === 'true';
  return nodemailer.createTransport({
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    requireTLS: !secure && !plain,
    ignoreTLS: plain,
    ...(url.username
      ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
      : {}),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
}
