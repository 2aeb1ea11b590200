/**
 * The server calls the TUI makes, in one place: each validated with the shared schemas by the
 * ApiClient. Chat, availability and time routes belong to their own features; this only calls them.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import * as z from 'zod/mini';
import '../core/zod-locale.js';
import { ApiClient } from './http.js';
import { uploadFile } from './chat-files.js';
import {
  acceptResult,
  chatDetailSchema,
  chatListSchema,
  chatMessageSchema,
  chatSchema,
  chatTicketResult,
  presenceSchema,
  queueSchema,
  wrapupSchema,
} from '../core/chat.js';
import { meSchema, technicianSchema, ticketPageSchema, ticketSchema } from '../core/schemas.js';
import { ticketDetailSchema } from '../core/ticket-detail.js';
import type { UpdateTicketInput } from '../core/inputs.js';
import { timerActionSchema, timerStatusSchema } from '../core/time.js';
import type { AssigneeFilter, StatusFilter } from '../tui/state.js';

const notificationList = z.array(z.looseObject({ id: z.number(), read: z.boolean() }));

export class DeskApi {
  readonly client: ApiClient;
  private readonly token: string;

  constructor(server: string, token: string) {
    this.client = new ApiClient(server, token);
    this.token = token;
  }

  get server(): string {
    return this.client.server;
  }

  me() {
    return this.client.call('GET', '/v1/me', meSchema);
  }

  // ---------- availability

  status() {
    return this.client.call('GET', '/v1/status', presenceSchema);
  }

  setStatus(state: 'available' | 'away' | 'offline', reason?: string) {
    return this.client.call('PUT', '/v1/status', presenceSchema, {
      body: { state, ...(reason ? { reason } : {}) },
    });
  }

  // ---------- chats

  /** Requests waiting in queues (and offered), newest first. */
  requests() {
    return this.client.call('GET', '/v1/chats/requests', chatListSchema, { query: { filter: 'new', limit: 500 } });
  }

  /** Chats I am in, and offers and invitations waiting for me. */
  myChats() {
    return this.client.call('GET', '/v1/chats', chatListSchema);
  }

  chat(id: number) {
    return this.client.call('GET', `/v1/chats/${id}`, chatDetailSchema);
  }

  accept(id: number) {
    return this.client.call('POST', `/v1/chats/${id}/accept`, acceptResult);
  }

  decline(id: number) {
    return this.client.call('POST', `/v1/chats/${id}/decline`, z.looseObject({ chat: chatSchema }));
  }

  take(id: number) {
    return this.client.call('POST', `/v1/chats/${id}/take`, chatSchema);
  }

  send(id: number, body: string, clientId: string) {
    return this.client.call('POST', `/v1/chats/${id}/messages`, chatMessageSchema, { body: { body, clientId } });
  }

  transfer(id: number, input: { toTechnicianId?: number; toQueue?: string; note?: string; reason: string }) {
    return this.client.call('POST', `/v1/chats/${id}/transfer`, chatSchema, { body: input });
  }

  conference(id: number, technicianId: number) {
    return this.client.call('POST', `/v1/chats/${id}/conference`, chatSchema, { body: { technicianId } });
  }

  endConference(id: number, technicianId: number) {
    return this.client.call('POST', `/v1/chats/${id}/end-conference`, chatSchema, { body: { technicianId } });
  }

  end(id: number, reason: string) {
    return this.client.call('POST', `/v1/chats/${id}/end`, chatSchema, { body: { reason } });
  }

  chatTicket(id: number, title?: string) {
    return this.client.call('POST', `/v1/chats/${id}/ticket`, chatTicketResult, { body: title ? { title } : {} });
  }

  /** Uploads a file to a chat: its bytes as application/octet-stream, its own name in `?name=`. */
  async attach(id: number, path: string, clientId: string) {
    const data = await readFile(path);
    const query = new URLSearchParams({ name: basename(path), clientId });
    return uploadFile(this.client.server, this.token, `/v1/chats/${id}/files?${query}`, data, chatMessageSchema);
  }

  technicians() {
    return this.client.call('GET', '/v1/technicians', z.array(technicianSchema));
  }

  queues() {
    return this.client.call('GET', '/v1/queues', z.array(queueSchema));
  }

  wrapups() {
    return this.client.call('GET', '/v1/wrapups', z.array(wrapupSchema));
  }

  // ---------- time

  timer() {
    return this.client.call('GET', '/v1/time/timer', timerStatusSchema);
  }

  startTimer(ticketId: number) {
    return this.client.call('POST', '/v1/time/timer/start', timerActionSchema, { body: { ticketId } });
  }

  stopTimer() {
    return this.client.call('POST', '/v1/time/timer/stop', timerActionSchema, { body: {} });
  }

  // ---------- tickets

  tickets(filter: { assignee: AssigneeFilter; status: StatusFilter }, cursor: string | null) {
    return this.client.call('GET', '/v1/tickets', ticketPageSchema, {
      query: {
        assignee: filter.assignee === 'mine' ? 'me' : filter.assignee === 'unassigned' ? 'none' : undefined,
        status: filter.status === 'active' ? undefined : filter.status,
        sort: 'created',
        limit: 100,
        cursor: cursor ?? undefined,
      },
    });
  }

  ticket(id: number) {
    return this.client.call('GET', `/v1/tickets/${id}`, ticketDetailSchema);
  }

  updateTicket(id: number, input: UpdateTicketInput) {
    return this.client.call('PATCH', `/v1/tickets/${id}`, ticketSchema, { body: input });
  }

  comment(id: number, kind: 'reply' | 'note', body: string, clientId: string) {
    return this.client.call('POST', `/v1/tickets/${id}/comments`, ticketDetailSchema, {
      body: { kind, body, clientId },
    });
  }

  /** Unread mentions, or null when the server keeps no notifications. */
  async unreadMentions(): Promise<number | null> {
    try {
      const list = await this.client.call('GET', '/v1/notifications', notificationList, { query: { unread: true } });
      return list.filter((n) => !n.read).length;
    } catch (err) {
      if ((err as { code?: string }).code === 'not_found') return null;
      throw err;
    }
  }
}
