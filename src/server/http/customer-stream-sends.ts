/**
 * Chat messages a customer sends on their event stream (`{"type":"send",...}`, see
 * core/customer-stream.ts): each is what `POST /v1/customer/chats/ID/messages` does — the session is
 * checked again, then the same service stores it — and is answered on the stream once committed.
 * A connection's frames are taken one after another, so messages are stored in the order sent.
 * A stream signed in by the session cookie takes them only from the desk's own pages: an embedding
 * site may read the stream but not write with the customer's cookie. A client that sends more than a
 * message's worth in one frame, or stops reading its answers, is disconnected.
 */
import type { WebSocket } from 'ws';
import type { Store } from '../store/store.js';
import { streamSendFrame, type StreamSendAnswer } from '../../core/customer-stream.js';
import { authenticateCustomer } from '../services/chat/customers.js';
import { sendAsCustomer } from '../services/chat/messages.js';
import { errorAnswer, INTERNAL_ERROR } from './error-answer.js';
import { MAX_BUFFERED } from './stream-socket.js';

/** Frames a connection may have waiting; more are refused at once (the message rate limit is lower). */
const MAX_WAITING = 64;
/** The largest frame taken: a message of 1,000 characters of 4 bytes each, escaped, with room to spare. */
const MAX_FRAME_BYTES = 64 * 1024;
/** RFC 6455 1009: the frame is too big to process. */
const CLOSE_TOO_BIG = 1009;

/** Who sends on the stream: the session's token, and whether a page may write with its cookie. */
export interface StreamSender {
  readonly token: string | undefined;
  /** False for a cookie-signed stream opened by an embedding site's page: it may read, not send. */
  readonly maySend: boolean;
}

const NOT_FROM_HERE = {
  code: 'forbidden',
  message: "messages are sent from the desk's own pages, or with the session token",
};

/** The frame's `clientId` when it has one to answer to. */
function clientIdOf(frame: unknown): string | null {
  const id = (frame as { clientId?: unknown } | null)?.clientId;
  return typeof id === 'string' ? id : null;
}

function parse(raw: unknown): unknown {
  try {
    return JSON.parse(String(raw));
  } catch {
    return undefined;
  }
}

/**
 * Takes the send frames of one customer stream. `token` is the session the stream was opened with;
 * `log` hears of failures that are bugs.
 */
export function receiveSends(socket: WebSocket, store: Store, sender: StreamSender, log: (line: string) => void) {
  let queue: Promise<void> = Promise.resolve();
  let waiting = 0;
  const answer = (a: StreamSendAnswer) => {
    if (socket.readyState !== socket.OPEN) return;
    // A client that does not read its answers is dropped, as a slow reader of events is.
    if (socket.bufferedAmount > MAX_BUFFERED) socket.terminate();
    else socket.send(JSON.stringify(a));
  };
  const take = async (raw: unknown): Promise<void> => {
    const frame = parse(raw);
    const clientId = clientIdOf(frame);
    try {
      const input = streamSendFrame.parse(frame);
      if (!sender.maySend) {
        answer({ type: 'refused', clientId, status: 403, error: NOT_FROM_HERE });
        return;
      }
      const customer = await authenticateCustomer(store.db, sender.token);
      const message = await sendAsCustomer(store, customer, input.chatId, {
        body: input.body,
        clientId: input.clientId,
      });
      answer({ type: 'sent', clientId: input.clientId, message });
    } catch (err) {
      const known = errorAnswer(err);
      if (!known) log(`error stream send: ${(err as Error).stack ?? String(err)}`);
      const { status, error } = known ?? INTERNAL_ERROR;
      answer({ type: 'refused', clientId, status, error });
    }
  };
  socket.on('message', (raw: Buffer | ArrayBuffer | Buffer[]) => {
    const size = Array.isArray(raw) ? raw.reduce((n, b) => n + b.length, 0) : raw.byteLength;
    if (size > MAX_FRAME_BYTES) {
      socket.close(CLOSE_TOO_BIG, 'a frame holds one message');
      return;
    }
    if (waiting >= MAX_WAITING) {
      const error = { code: 'rate_limited', message: 'too many messages waiting; wait for their answers' };
      answer({ type: 'refused', clientId: clientIdOf(parse(raw)), status: 429, error });
      return;
    }
    waiting++;
    queue = queue.then(() => take(raw)).finally(() => waiting--);
  });
}
