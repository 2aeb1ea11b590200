/** E-mail administration: the SMTP transport, a test mail and the outbox (admin). */
import * as z from 'zod/mini';
import '../../../core/zod-locale.js';
import type { Store } from '../../store/store.js';
import { defineRoutes } from '../route.js';
import { setTransport, showTransport, unsetTransport } from '../../services/mail/transport.js';
import { sendTestMail } from '../../services/mail/test-mail.js';
import { listQueue } from '../../services/mail/outbox.js';
import { addMailbox, listMailboxes, removeMailbox, testMailbox } from '../../services/mail/mailboxes.js';
import { mailboxInput, mailboxSchema, mailboxTestAnswer } from '../../../core/inbound-mail.js';
import { idParam } from '../params.js';
import {
  mailQueueItemSchema,
  mailTestAnswer,
  mailTestInput,
  mailTransportInput,
  mailTransportSchema,
} from '../../../core/mail.js';

export const mailRoutes = (store: Store) =>
  defineRoutes([
    {
      method: 'GET',
      url: '/v1/admin/mail',
      auth: 'technician',
      customerData: false,
      tag: 'mail',
      summary: 'The SMTP transport in effect, password masked (admin)',
      response: mailTransportSchema,
      handler: ({ actor }) => showTransport(store, actor),
    },
    {
      method: 'PUT',
      url: '/v1/admin/mail',
      auth: 'technician',
      customerData: false,
      tag: 'mail',
      summary: 'Set the SMTP transport and the sender address (admin)',
      body: mailTransportInput,
      response: mailTransportSchema,
      handler: ({ actor, body }) => setTransport(store, actor, body),
    },
    {
      method: 'DELETE',
      url: '/v1/admin/mail',
      auth: 'technician',
      customerData: false,
      tag: 'mail',
      summary: 'Remove the stored SMTP transport (admin); the server environment one, if any, applies',
      response: mailTransportSchema,
      handler: ({ actor }) => unsetTransport(store, actor),
    },
    {
      method: 'POST',
      url: '/v1/admin/mail/test',
      auth: 'technician',
      tag: 'mail',
      summary: 'Send a test mail at once and answer the outcome (admin)',
      rateLimit: { max: 10, windowMs: 60_000 },
      body: mailTestInput,
      response: mailTestAnswer,
      handler: ({ actor, body }) => sendTestMail(store, actor, body),
    },
    {
      method: 'GET',
      url: '/v1/admin/mail/queue',
      auth: 'technician',
      tag: 'mail',
      summary: 'The outbox, newest first, with each mail’s status, attempts and last error (admin)',
      query: z.object({
        status: z.optional(z.string()),
        limit: z.optional(z.coerce.number().check(z.int(), z.positive(), z.maximum(1000))),
      }),
      response: z.array(mailQueueItemSchema),
      handler: ({ actor, query }) =>
        listQueue(store, actor, {
          status: query.status === undefined ? undefined : String(query.status),
          limit: query.limit === undefined ? undefined : Number(query.limit),
        }),
    },
    {
      method: 'GET',
      url: '/v1/admin/mailboxes',
      auth: 'technician',
      customerData: false,
      tag: 'mail',
      summary: 'The IMAP mailboxes read for tickets, passwords masked (admin)',
      response: z.array(mailboxSchema),
      handler: ({ actor }) => listMailboxes(store, actor),
    },
    {
      method: 'POST',
      url: '/v1/admin/mailboxes',
      auth: 'technician',
      customerData: false,
      tag: 'mail',
      summary: 'Add an IMAP mailbox to read for tickets (admin); read at once, then every 30 seconds',
      status: 201,
      body: mailboxInput,
      response: mailboxSchema,
      handler: ({ actor, body }) => addMailbox(store, actor, body),
    },
    {
      method: 'DELETE',
      url: '/v1/admin/mailboxes/:id',
      auth: 'technician',
      customerData: false,
      tag: 'mail',
      summary: 'Stop reading a mailbox (admin)',
      handler: ({ actor, params }) => removeMailbox(store, actor, idParam(params)),
    },
    {
      method: 'POST',
      url: '/v1/admin/mailboxes/:id/test',
      auth: 'technician',
      customerData: false,
      tag: 'mail',
      summary: 'Log in to a mailbox and open its folder (admin); answers its message count or the error',
      rateLimit: { max: 10, windowMs: 60_000 },
      response: mailboxTestAnswer,
      handler: ({ actor, params }) => testMailbox(store, actor, idParam(params)),
    },
  ]);
