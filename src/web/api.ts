/**
 * The customer API from the page: same-origin fetch with the session cookie, the CSRF header on every
 * request (the server requires it on changes made by cookie), JSON in and out, errors as
 * {@link ApiError} carrying the server's message. The embedded chat (inside another site, where the
 * browser sends no SameSite=Strict cookie) keeps its session token in memory instead and sends it as
 * `Authorization: Bearer`.
 */
import type { ChatMessage } from '../core/chat.js';
import type { CustomerChat, CustomerChatRating } from '../core/customer-chat.js';
import type { CustomerCommentResult, CustomerTicket, CustomerTicketDetail } from '../core/customer-tickets.js';
import type { CustomerQueueList } from '../core/customer-queues.js';
import type { CustomerChatDetail, PortalContact } from '../core/portal-boot.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  /** Whether the same request may succeed later: it did not get through, timed out, was rate-limited, or met a server fault. */
  get passing(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

export interface ChatList {
  readonly items: readonly CustomerChat[];
  /** Every event up to this sequence is in the list. */
  readonly seq: number;
}

export type Contact = PortalContact;

const CSRF = { 'x-desk-csrf': '1' };

/** Whether the session lives in this page's memory (the embedded chat) rather than in the cookie. */
let inMemory = false;
/** The in-memory session token, once signed in that way. Never written to any storage. */
let token: string | undefined;

/** Makes sign-in keep the session token in memory (a reload signs out) instead of the cookie. */
export function keepSessionInMemory(): void {
  inMemory = true;
}

/** The in-memory session token, if the page holds one. */
export const sessionToken = (): string | undefined => token;

/** The headers that authenticate a request: the bearer token held in memory, else the CSRF header. */
export const authHeaders = (): Record<string, string> =>
  token === undefined ? { ...CSRF } : { authorization: `Bearer ${token}` };

async function failure(res: Response): Promise<ApiError> {
  let code = 'http';
  let message = `The server answered ${res.status}.`;
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.message) message = body.error.message;
    if (body.error?.code) code = body.error.code;
  } catch {
    // Not JSON: keep the status line.
  }
  return new ApiError(res.status, code, message);
}

/** Calls the customer API: `path` under `/v1/customer`. */
export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  return (await send<T>(method, path, body)).body;
}

/** The sequence a read was made at (the server's `x-desk-seq`, SEQ_HEADER in src/core/read-sequence.ts). */
const SEQ_HEADER = 'x-desk-seq';

/** Reads `path` with the event sequence it was read at: events after it are not in the answer. */
async function read<T>(path: string): Promise<{ body: T; seq: number }> {
  const { body, headers } = await send<T>('GET', path);
  const seq = Number(headers.get(SEQ_HEADER));
  return { body, seq: Number.isInteger(seq) && seq >= 0 ? seq : 0 };
}

/** How long a chat message's POST may take before it counts as not sent (the page offers Retry). */
const MESSAGE_TIMEOUT_MS = 15_000;

async function send<T>(
  method: string,
  path: string,
  body?: unknown,
  timeoutMs?: number,
): Promise<{ body: T; headers: Headers }> {
  let res: Response;
  try {
    res = await fetch(`/v1/customer${path}`, {
      method,
      credentials: inMemory ? 'omit' : 'same-origin',
      headers: body === undefined ? authHeaders() : { ...authHeaders(), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      ...(timeoutMs === undefined ? {} : { signal: AbortSignal.timeout(timeoutMs) }),
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'TimeoutError') {
      throw new ApiError(0, 'network', 'The desk did not answer in time: try again.');
    }
    throw new ApiError(0, 'network', 'The desk cannot be reached: check your connection and try again.');
  }
  if (!res.ok) throw await failure(res);
  return { body: (await res.json()) as T, headers: res.headers };
}

/** A new idempotency key, so that a retried send is stored once. */
export const clientId = (): string => crypto.randomUUID();

export const api = {
  login: (email: string) => call<{ sent: true }>('POST', '/login', { email }),
  verify: async (email: string, code: string): Promise<{ contact: Contact }> => {
    if (!inMemory) return call<{ contact: Contact }>('POST', '/verify', { email, code, session: 'cookie' });
    const signed = await call<{ contact: Contact; token: string }>('POST', '/verify', { email, code });
    token = signed.token;
    return { contact: signed.contact };
  },
  me: () => call<{ contact: Contact }>('GET', '/me'),
  logout: async () => {
    try {
      return await call<{ revoked: boolean }>('POST', '/logout');
    } finally {
      token = undefined;
    }
  },
  queues: () => call<CustomerQueueList>('GET', '/queues'),
  /** The customer's chats, newest first, with the event sequence they were read at. */
  chats: async (): Promise<ChatList> => {
    const { body, seq } = await read<{ items: CustomerChat[] }>('/chats');
    return { items: body.items, seq };
  },
  chat: (id: number) => call<CustomerChatDetail>('GET', `/chats/${id}`),
  request: (queue: string | undefined, message: string | undefined) =>
    call<{ chat: CustomerChat; busy: boolean }>('POST', '/chats', {
      ...(queue ? { queue } : {}),
      ...(message ? { message } : {}),
      origin: { client: 'desk-web', device: matchMedia('(pointer: coarse)').matches ? 'mobile' : 'desktop' },
      clientId: clientId(),
    }),
  /** Sends by POST; a message sent before with the same `id` (on the stream too) answers the original. */
  send: async (chatId: number, body: string, id: string = clientId()) =>
    (await send<ChatMessage>('POST', `/chats/${chatId}/messages`, { body, clientId: id }, MESSAGE_TIMEOUT_MS)).body,
  answer: (chatId: number, verb: 'accept' | 'decline' | 'end') =>
    call<CustomerChat>('POST', `/chats/${chatId}/${verb}`),
  leaveTicket: (title: string, message: string) =>
    call<{ ticketId: number; title: string }>('POST', '/tickets', { title, message, clientId: clientId() }),
  tickets: () => call<{ items: CustomerTicket[] }>('GET', '/tickets'),
  ticket: (id: number) => call<CustomerTicketDetail>('GET', `/tickets/${id}`),
  reply: (id: number, body: string) => call<CustomerCommentResult>('POST', `/tickets/${id}/comments`, { body }),
  rateChat: (id: number, rating: number, comment: string) =>
    call<CustomerChatRating>('POST', `/chats/${id}/rating`, { rating, ...(comment ? { comment } : {}) }),
  rateTicket: (id: number, rating: number, comment: string) =>
    call<{ rating: number }>('POST', `/tickets/${id}/rating`, { rating, ...(comment ? { comment } : {}) }),
};

/** Largest chat file (the server's limit, CHAT_FILE_MAX in src/core/chat.ts, checked again there). */
export const FILE_MAX = 20 * 1024 * 1024;

/**
 * Uploads a chat file as raw bytes, reporting progress from 0 to 1. XMLHttpRequest because fetch
 * reports no upload progress.
 */
export function upload(chatId: number, file: File, progress: (share: number) => void): Promise<ChatMessage> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const q = new URLSearchParams({ name: file.name, clientId: clientId() });
    xhr.open('POST', `/v1/customer/chats/${chatId}/files?${q.toString()}`);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    for (const [name, value] of Object.entries(authHeaders())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) progress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'The upload failed: check your connection and try again.'));
    xhr.onload = () => {
      let body: { error?: { code?: string; message?: string } } & Partial<ChatMessage> = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        // keep the status
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as ChatMessage);
      else
        reject(
          new ApiError(
            xhr.status,
            body.error?.code ?? 'http',
            body.error?.message ?? `The server answered ${xhr.status}.`,
          ),
        );
    };
    xhr.send(file);
  });
}
