// E-mail throughput on SQLite.
// Import: MAILS mails waiting in a private Dovecot's inbox, read by `desk server` after the mailbox is
// added, until each is a ticket (baseline: imapflow alone fetching the same mails, envelope and
// source, in one connection). Outbound: MAILS public replies queued in the outbox, delivered by the
// server's mail worker to a local SMTP receiver (baseline: nodemailer sending the same mails to it).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import Database from 'better-sqlite3';
import { init, report, startServer } from './lib.mjs';
import { rawMail, startDovecot, startReceiver } from './mail-lib.mjs';
import { call } from './chat-lib.mjs';
import { Store, commentOnTicket, createTicket } from '../dist/server.js';

const MAILS = Number(process.env.MAILS ?? 1000);
const dir = mkdtempSync(join(tmpdir(), 'desk-bench-mail-'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const seconds = (t0) => (performance.now() - t0) / 1000;

/** imapflow alone: one connection fetching every message's envelope and source (without flagging them). */
async function fetchAll(imap) {
  const t0 = performance.now();
  const client = await imap.client();
  const lock = await client.getMailboxLock('INBOX');
  let n = 0;
  try {
    for await (const m of client.fetch('1:*', { uid: true, envelope: true, source: true })) {
      if (m.source && m.envelope) n++;
    }
  } finally {
    lock.release();
    await client.logout();
  }
  if (n !== MAILS) throw new Error(`fetched ${n} of ${MAILS}`);
  return MAILS / seconds(t0);
}

async function importBench() {
  const imap = await startDovecot();
  let server;
  try {
    const client = await imap.client();
    // Fifty senders, twenty mails each.
    for (let i = 0; i < MAILS; i++) await client.append('INBOX', rawMail(i, `customer${i % 50}@customer.example`));
    await client.logout();
    const floor = await fetchAll(imap);

    const dbPath = join(dir, 'import.db');
    const token = init(['--db', dbPath]);
    server = await startServer(['--db', dbPath]);
    const company = await call(server.url, token, 'POST', '/v1/companies', { name: 'Customer Co' });
    await call(server.url, token, 'PUT', '/v1/settings', { key: 'mail.sender-limit', value: '10000' });
    const t0 = performance.now();
    await call(server.url, token, 'POST', '/v1/admin/mailboxes', { imapUrl: imap.url, companyId: company.id });
    for (;;) {
      const [box] = await call(server.url, token, 'GET', '/v1/admin/mailboxes');
      if (box.lastError) throw new Error(`mailbox: ${box.lastError}`);
      if (box.imported >= MAILS) break;
      await sleep(100);
    }
    const rate = MAILS / seconds(t0);
    await server.stop();
    server = undefined;
    const db = new Database(dbPath, { readonly: true });
    const tickets = db.prepare('SELECT count(*) AS n FROM tickets').get().n;
    db.close();
    if (tickets !== MAILS) throw new Error(`${tickets} tickets from ${MAILS} mails`);
    report(
      `mail import (${MAILS} mails in Dovecot to tickets, SQLite)`,
      rate,
      'tickets/s',
      'imapflow fetch alone',
      floor,
      '>= 0.5x',
    );
  } finally {
    await server?.stop();
    await imap.stop();
  }
}

/** Queues MAILS public replies on tickets with a requester, with no server running (so nothing is sent yet). */
async function queueReplies(dbPath, companyId, contactId) {
  const store = await Store.open({ dialect: 'sqlite', path: dbPath });
  const admin = { kind: 'technician', id: 1, name: 'Bench', admin: true, tokenPrefix: 'b', canUnmask: true };
  try {
    // Twenty replies on each of MAILS / 20 tickets.
    let ticket;
    for (let i = 0; i < MAILS; i++) {
      if (i % 20 === 0) {
        ticket = await createTicket(store, admin, {
          title: `Printer ${i} jams on floor ${i % 7}`,
          companyId,
          requesterId: contactId,
        });
      }
      await commentOnTicket(store, admin, ticket.id, {
        kind: 'reply',
        body: `Hello,\n\nplease restart printer ${i} and tell us whether it still jams.\n`,
      });
    }
    return await store.db.selectFrom('mail_outbox').selectAll().where('status', '=', 'queued').execute();
  } finally {
    await store.close();
  }
}

async function outboundBench() {
  const receiver = await startReceiver();
  let server;
  try {
    const dbPath = join(dir, 'outbound.db');
    const token = init(['--db', dbPath]);
    server = await startServer(['--db', dbPath]);
    const company = await call(server.url, token, 'POST', '/v1/companies', { name: 'Customer Co' });
    const contact = await call(server.url, token, 'POST', '/v1/contacts', {
      companyId: company.id,
      name: 'Melissa Grant',
      email: 'melissa@customer.example',
    });
    await call(server.url, token, 'PUT', '/v1/admin/mail', {
      smtpUrl: receiver.url,
      from: 'Acme IT <it@acme.example>',
    });
    await server.stop();
    server = undefined;
    const queued = await queueReplies(dbPath, company.id, contact.id);
    if (queued.length !== MAILS) throw new Error(`${queued.length} mails queued for ${MAILS} replies`);

    // The same mails straight from nodemailer (pooled connections), all handed over at once.
    const direct = nodemailer.createTransport({
      host: '127.0.0.1',
      port: receiver.port,
      secure: false,
      ignoreTLS: true,
      pool: true,
    });
    let t0 = performance.now();
    await Promise.all(
      queued.map((m) =>
        direct.sendMail({
          from: 'Acme IT <it@acme.example>',
          to: JSON.parse(m.to_addresses),
          subject: m.subject,
          text: m.text_body,
          html: m.html_body,
          messageId: m.message_id,
          ...(m.in_reply_to ? { inReplyTo: m.in_reply_to } : {}),
          ...(m.reference_ids ? { references: m.reference_ids } : {}),
          ...(m.reply_to ? { replyTo: m.reply_to } : {}),
        }),
      ),
    );
    const floor = MAILS / seconds(t0);
    direct.close();
    if (receiver.count !== MAILS) throw new Error(`nodemailer delivered ${receiver.count} of ${MAILS}`);

    receiver.reset();
    t0 = performance.now();
    server = await startServer(['--db', dbPath]);
    await receiver.received(MAILS);
    const rate = MAILS / seconds(t0);
    // Until every delivery is recorded as sent.
    for (;;) {
      const left = await call(server.url, token, 'GET', '/v1/admin/mail/queue?status=sending&limit=1');
      const queuedLeft = await call(server.url, token, 'GET', '/v1/admin/mail/queue?status=queued&limit=1');
      if (left.length === 0 && queuedLeft.length === 0) break;
      await sleep(50);
    }
    report(
      `mail delivery by the worker (${MAILS} queued replies, SQLite, from server start)`,
      rate,
      'mails/s',
      'nodemailer direct (pooled)',
      floor,
    );
  } finally {
    await server?.stop();
    await receiver.stop();
  }
}

try {
  await importBench();
  await outboundBench();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
