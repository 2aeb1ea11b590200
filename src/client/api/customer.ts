/**
 * The customer's side of the API: logging in with a one-time code, chats with the helpdesk,
 * tickets left instead of chatting, and ratings of ended chats and resolved tickets.
 */
import type { ApiClient, Download } from '../http.js';
import type { Origin } from '../../core/chat.js';

const chat = () => import('../../core/chat.js');
const customerChat = () => import('../../core/customer-chat.js');
const answers = () => import('./answers.js');

export interface ChatRequest {
  readonly queue?: string | undefined;
  readonly message?: string | undefined;
  readonly origin: Partial<Origin>;
  readonly clientId: string;
}

export class CustomerApi {
  constructor(private readonly http: ApiClient) {}

  /** Sends a one-time code to the address (no token needed). */
  requestCode(email: string) {
    return this.http.call('POST', '/v1/customer/login', () => answers().then((m) => m.codeSentAnswer), {
      body: { email },
    });
  }

  /** Trades the code for a session token. */
  verify(email: string, code: string) {
    return this.http.call('POST', '/v1/customer/verify', () => customerChat().then((m) => m.customerSessionSchema), {
      body: { email, code },
    });
  }

  logout() {
    return this.http.call('POST', '/v1/customer/logout', () => answers().then((m) => m.loggedOutAnswer));
  }

  /** The contact behind the session. */
  me() {
    return this.http.call('GET', '/v1/customer/me', () => customerChat().then((m) => m.customerMeSchema));
  }

  chats() {
    return this.http.call('GET', '/v1/customer/chats', () => customerChat().then((m) => m.customerChatListSchema));
  }

  chat(id: number) {
    return this.http.call('GET', `/v1/customer/chats/${id}`, () =>
      customerChat().then((m) => m.customerChatDetailSchema),
    );
  }

  /** Asks for a chat; `busy` says no technician could take it right now. */
  request(input: ChatRequest) {
    return this.http.call('POST', '/v1/customer/chats', () => customerChat().then((m) => m.customerRequestResult), {
      body: input,
    });
  }

  /** Accepts or declines a technician's invitation. */
  answer(id: number, verb: 'accept' | 'decline') {
    return this.http.call('POST', `/v1/customer/chats/${id}/${verb}`, () =>
      customerChat().then((m) => m.customerChatSchema),
    );
  }

  end(id: number) {
    return this.http.call('POST', `/v1/customer/chats/${id}/end`, () =>
      customerChat().then((m) => m.customerChatSchema),
    );
  }

  send(id: number, body: string, clientId: string) {
    return this.http.call('POST', `/v1/customer/chats/${id}/messages`, () => chat().then((m) => m.chatMessageSchema), {
      body: { body, clientId },
    });
  }

  attach(
    id: number,
    name: string,
    data: Uint8Array,
    clientId: string,
    onProgress?: (sent: number, total: number) => void,
  ) {
    return this.http.upload(`/v1/customer/chats/${id}/files`, data, () => chat().then((m) => m.chatMessageSchema), {
      query: { name, clientId },
      ...(onProgress ? { onProgress } : {}),
    });
  }

  /** A file sent in one of my chats, as a stream. */
  download(id: number, fileId: number): Promise<Download> {
    return this.http.download(`/v1/customer/chats/${id}/files/${fileId}`);
  }

  /** Leaves a ticket instead of chatting. */
  openTicket(title: string, message: string, clientId: string) {
    return this.http.call('POST', '/v1/customer/tickets', () => customerChat().then((m) => m.customerTicketResult), {
      body: { title, message, clientId },
    });
  }

  /** Rates an ended chat 1–5; rating again replaces it. */
  rateChat(chatId: number, rating: number, comment?: string) {
    return this.http.call(
      'POST',
      `/v1/customer/chats/${chatId}/rating`,
      () => customerChat().then((m) => m.customerChatRatingSchema),
      { body: { rating, ...(comment !== undefined ? { comment } : {}) } },
    );
  }

  /** Rates a resolved ticket 1–5; rating again replaces it. */
  rate(ticketId: number, rating: number, comment?: string) {
    return this.http.call(
      'POST',
      `/v1/customer/tickets/${ticketId}/rating`,
      () => answers().then((m) => m.ratingAnswer),
      {
        body: { rating, ...(comment !== undefined ? { comment } : {}) },
      },
    );
  }
}
