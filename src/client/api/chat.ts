/**
 * A technician's chat routes: requests and my chats, answers to offers, messages and files,
 * transfers, conferences, the end with a wrap-up reason, and the chat's ticket.
 */
import type { ApiClient, Download } from '../http.js';
import type { RequestFilter } from '../../core/chat.js';

const chat = () => import('../../core/chat.js');

export interface TransferTarget {
  readonly toTechnicianId?: number | undefined;
  readonly toQueue?: string | undefined;
  readonly note?: string | undefined;
  readonly reason: string;
}

export interface StartChatInput {
  readonly contactId?: number | undefined;
  readonly ticketId?: number | undefined;
  readonly message?: string | undefined;
  readonly clientId: string;
}

export class ChatApi {
  constructor(private readonly http: ApiClient) {}

  /** Requests of my companies' queues, newest first. */
  requests(filter: RequestFilter, limit: number) {
    return this.http.call('GET', '/v1/chats/requests', () => chat().then((m) => m.chatListSchema), {
      query: { filter, limit },
    });
  }

  /**
   * Chats I am in, and offers, invitations and transfers waiting for me or my queues; open ones, or
   * those of a state filter (all, new, active, completed).
   */
  mine(state?: RequestFilter) {
    return this.http.call('GET', '/v1/chats', () => chat().then((m) => m.chatListSchema), {
      query: { state },
    });
  }

  get(id: number) {
    return this.http.call('GET', `/v1/chats/${id}`, () => chat().then((m) => m.chatDetailSchema));
  }

  /** Invites a contact, or a ticket's requester, to a chat. */
  start(input: StartChatInput) {
    return this.http.call('POST', '/v1/chats', () => chat().then((m) => m.startChatResult), { body: input });
  }

  accept(id: number) {
    return this.http.call('POST', `/v1/chats/${id}/accept`, () => chat().then((m) => m.acceptResult));
  }

  decline(id: number) {
    return this.http.call('POST', `/v1/chats/${id}/decline`, () => chat().then((m) => m.declineResult));
  }

  /** Takes a waiting request of a pick-mode queue. */
  take(id: number) {
    return this.http.call('POST', `/v1/chats/${id}/take`, () => chat().then((m) => m.chatSchema));
  }

  /** Returns one of my chats to its queue. */
  unassign(id: number) {
    return this.http.call('POST', `/v1/chats/${id}/unassign`, () => chat().then((m) => m.chatSchema));
  }

  send(id: number, body: string, clientId: string) {
    return this.http.call('POST', `/v1/chats/${id}/messages`, () => chat().then((m) => m.chatMessageSchema), {
      body: { body, clientId },
    });
  }

  /** Sends a file: its bytes as application/octet-stream, its name in `?name=`. */
  attach(
    id: number,
    name: string,
    data: Uint8Array,
    clientId: string,
    onProgress?: (sent: number, total: number) => void,
  ) {
    return this.http.upload(`/v1/chats/${id}/files`, data, () => chat().then((m) => m.chatMessageSchema), {
      query: { name, clientId },
      ...(onProgress ? { onProgress } : {}),
    });
  }

  download(id: number, fileId: number): Promise<Download> {
    return this.http.download(`/v1/chats/${id}/files/${fileId}`);
  }

  transfer(id: number, target: TransferTarget) {
    return this.http.call('POST', `/v1/chats/${id}/transfer`, () => chat().then((m) => m.chatSchema), {
      body: target,
    });
  }

  conference(id: number, technicianId: number) {
    return this.http.call('POST', `/v1/chats/${id}/conference`, () => chat().then((m) => m.chatSchema), {
      body: { technicianId },
    });
  }

  /** Removes a technician from the conference; who leaves it themselves gives their wrap-up reason. */
  endConference(id: number, technicianId: number, reason?: string) {
    return this.http.call('POST', `/v1/chats/${id}/end-conference`, () => chat().then((m) => m.chatSchema), {
      body: { technicianId, ...(reason !== undefined ? { reason } : {}) },
    });
  }

  /** Gives the wrap-up reason I owe for my part of a chat. */
  wrapup(id: number, reason: string) {
    return this.http.call('POST', `/v1/chats/${id}/wrapup`, () => chat().then((m) => m.chatSchema), {
      body: { reason },
    });
  }

  /** The chats I still owe a wrap-up reason for. */
  wrapupsDue() {
    return this.http.call('GET', '/v1/chats', () => chat().then((m) => m.chatListSchema), {
      query: { wrapupDue: 'true' },
    });
  }

  end(id: number, reason: string) {
    return this.http.call('POST', `/v1/chats/${id}/end`, () => chat().then((m) => m.chatSchema), {
      body: { reason },
    });
  }

  /** Makes the chat's ticket now, or renames it. */
  makeTicket(id: number, title?: string) {
    return this.http.call('POST', `/v1/chats/${id}/ticket`, () => chat().then((m) => m.chatTicketResult), {
      body: title !== undefined ? { title } : {},
    });
  }
}
