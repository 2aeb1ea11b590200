/**
 * Support sessions: invitations by join link, joining by session number (a technician as an
 * assistant, a customer as a participant), passing control and leaving.
 */
import type { ApiClient } from '../http.js';
import type { InviteInput } from '../../core/support-sessions.js';

const sessions = () => import('../../core/support-sessions.js');
const chat = () => import('../../core/chat.js');

export class SupportSessionApi {
  constructor(private readonly http: ApiClient) {}

  /** Invites an address into a new chat, or a running one; answers the join link's path. */
  invite(input: InviteInput) {
    return this.http.call('POST', '/v1/chats/invite', () => sessions().then((m) => m.inviteResult), { body: input });
  }

  /** Joins a running session by its number as an assistant. */
  join(sessionNumber: string) {
    return this.http.call('POST', '/v1/chats/join', () => chat().then((m) => m.chatSchema), {
      body: { sessionNumber },
    });
  }

  /** Passes control of a chat to a technician in it. */
  control(id: number, technicianId: number) {
    return this.http.call('POST', `/v1/chats/${id}/control`, () => chat().then((m) => m.chatSchema), {
      body: { technicianId },
    });
  }

  leave(id: number) {
    return this.http.call('POST', `/v1/chats/${id}/leave`, () => chat().then((m) => m.chatSchema));
  }
}

/** The customer's side: a join link exchanged for a session (no token needed), or a session number. */
export class CustomerJoinApi {
  constructor(private readonly http: ApiClient) {}

  byToken(token: string) {
    return this.http.call('POST', '/v1/customer/join', () => sessions().then((m) => m.customerJoinResult), {
      body: { token },
    });
  }

  byNumber(sessionNumber: string) {
    return this.http.call('POST', '/v1/customer/chats/join', () => sessions().then((m) => m.customerJoinNumberResult), {
      body: { sessionNumber },
    });
  }
}
