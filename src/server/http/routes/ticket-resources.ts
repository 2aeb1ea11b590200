/**
 * Routes of the ticket actions: merge, spam, delete and restore;
 * attachments (upload, list, download); products and expenses; presence; a
 * template filled in for a ticket.
 */
import * as z from 'zod/mini';
import '../../../core/zod-locale.js';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/store.js';
import { defineRoutes } from '../route.js';
import { idParam } from '../params.js';
import { mergeTicket } from '../../services/tickets/merge.js';
import * as moderation from '../../services/tickets/moderation.js';
import * as files from '../../services/tickets/attachments.js';
import * as items from '../../services/tickets/items.js';
import * as viewers from '../../services/tickets/viewers.js';
import { renderTemplateFor } from '../../services/tickets/templates.js';
import { MAX_UPLOAD_BYTES } from '../../uploads/file-types.js';
import { UPLOAD_RATE_LIMIT } from '../rate-limits.js';
import { ticketSchema } from '../../../core/schemas.js';
import { attachmentSchema } from '../../../core/ticket-properties.js';
import {
  itemInput,
  itemListSchema,
  itemSchema,
  mergeInput,
  mergeResultSchema,
  renderedTemplateSchema,
  spamInput,
  viewersSchema,
} from '../../../core/ticket-resources.js';

/** `Content-Disposition` for a download: an ASCII fallback and the UTF-8 name (RFC 6266). */
function disposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** Uploads arrive as raw bytes; the route's own body limit applies. */
export function registerUploadParser(app: FastifyInstance): void {
  if (app.hasContentTypeParser('application/octet-stream')) return;
  app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
}

export const ticketResourceRoutes = (store: Store) =>
  defineRoutes([
    {
      method: 'POST',
      url: '/v1/tickets/:id/merge',
      auth: 'technician',
      tag: 'tickets',
      summary: 'Merge a ticket into another: its conversation, files, items, time and chats move; it is closed',
      body: mergeInput,
      response: mergeResultSchema,
      handler: ({ actor, params, body }) => mergeTicket(store, actor, idParam(params), body),
    },
    {
      method: 'POST',
      url: '/v1/tickets/:id/spam',
      auth: 'technician',
      tag: 'tickets',
      summary: 'Mark a ticket as spam (hidden from default lists), or not ({"spam":false})',
      body: spamInput,
      response: ticketSchema,
      handler: ({ actor, params, body }) => moderation.setSpam(store, actor, idParam(params), body),
    },
    {
      method: 'DELETE',
      url: '/v1/tickets/:id',
      auth: 'technician',
      tag: 'tickets',
      summary: 'Delete a ticket (soft: listed with deleted=true, restorable)',
      response: ticketSchema,
      handler: ({ actor, params }) => moderation.deleteTicket(store, actor, idParam(params)),
    },
    {
      method: 'POST',
      url: '/v1/tickets/:id/restore',
      auth: 'technician',
      tag: 'tickets',
      summary: 'Restore a deleted ticket',
      response: ticketSchema,
      handler: ({ actor, params }) => moderation.restoreTicket(store, actor, idParam(params)),
    },
    {
      method: 'POST',
      url: '/v1/tickets/:id/attachments',
      auth: 'technician',
      tag: 'attachments',
      summary:
        'Upload a file (application/octet-stream, ?name=FILE, at most 20 MB, type checked by content); attach it by id with a reply or note',
      query: z.object({ name: z.string().check(z.maxLength(1000)) }),
      response: attachmentSchema,
      status: 201,
      bodyLimit: MAX_UPLOAD_BYTES + 1024,
      rateLimit: UPLOAD_RATE_LIMIT,
      handler: ({ actor, params, query, body }) =>
        files.uploadAttachment(
          store,
          actor,
          idParam(params),
          body,
          typeof query.name === 'string' ? query.name : 'file',
        ),
    },
    {
      method: 'GET',
      url: '/v1/tickets/:id/attachments',
      auth: 'technician',
      tag: 'attachments',
      summary: 'Files attached to a ticket’s replies and notes',
      response: z.array(attachmentSchema),
      handler: ({ actor, params }) => files.listAttachments(store.db, actor, idParam(params)),
    },
    {
      method: 'GET',
      url: '/v1/tickets/:id/attachments/:fileId/content',
      auth: 'technician',
      tag: 'attachments',
      summary: 'Download a file (always as an attachment, with nosniff)',
      handler: async ({ actor, params, reply }) => {
        const file = await files.attachmentContent(store.db, actor, idParam(params), idParam(params, 'fileId'));
        reply
          .header('content-type', file.mime)
          .header('content-disposition', disposition(file.name))
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-store');
        return file.data;
      },
    },
    {
      method: 'GET',
      url: '/v1/tickets/:id/items',
      auth: 'technician',
      tag: 'items',
      summary: 'Products and expenses on a ticket, with totals',
      response: itemListSchema,
      handler: ({ actor, params }) => items.listItems(store.db, actor, idParam(params)),
    },
    {
      method: 'POST',
      url: '/v1/tickets/:id/items',
      auth: 'technician',
      tag: 'items',
      summary: 'Add a product or expense to a ticket',
      body: itemInput,
      response: itemSchema,
      status: 201,
      handler: ({ actor, params, body }) => items.addItem(store, actor, idParam(params), body),
    },
    {
      method: 'DELETE',
      url: '/v1/tickets/:id/items/:itemId',
      auth: 'technician',
      tag: 'items',
      summary: 'Remove a product or expense from a ticket',
      response: z.object({ removed: z.literal(true) }),
      handler: ({ actor, params }) => items.removeItem(store, actor, idParam(params), idParam(params, 'itemId')),
    },
    {
      method: 'PUT',
      url: '/v1/tickets/:id/presence',
      auth: 'technician',
      tag: 'tickets',
      summary: `Announce viewing a ticket (repeat within ${viewers.PRESENCE_TTL_MS / 1000}s to stay); answers who views it`,
      response: viewersSchema,
      handler: ({ actor, params }) => viewers.startViewing(store, actor, idParam(params)),
    },
    {
      method: 'DELETE',
      url: '/v1/tickets/:id/presence',
      auth: 'technician',
      tag: 'tickets',
      summary: 'Stop viewing a ticket',
      response: viewersSchema,
      handler: ({ actor, params }) => viewers.stopViewing(store, actor, idParam(params)),
    },
    {
      method: 'GET',
      url: '/v1/tickets/:id/templates/:name',
      auth: 'technician',
      tag: 'templates',
      summary: 'A reply template filled in for this ticket (requester, ticket, technician fields)',
      response: renderedTemplateSchema,
      handler: ({ actor, params }) => renderTemplateFor(store.db, actor, params.name ?? '', idParam(params)),
    },
  ]);
