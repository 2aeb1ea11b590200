/**
 * Chat messages a customer sends on their event stream (`{"type":"send",...}`, see
 * core/customer-stream.ts): each is what `POST /v1/customer/chats/ID/messages` does — the session is
 * checked again, then the same service stores it — and is answered on the stream once committed.
 * A connection's frames are taken one after another, so messages are stored in the order sent.
 */
import type { WebSocket } from 'ws';
import type { Store } from '../store/store.js';
import { streamSendFrame, type StreamSendAnswer } from '../../core/customer-stream.js';
import { authenticateCustomer } from '../services/chat/customers.js';
import { sendAsCustomer } from '../services/chat/messages.js';
import { errorAnswer, INTERNAL_ERROR } from './error-answer.js';

/** Frames a connection may have waiting; more are refused at once (the message rate limit is lower). */
const MAX_WAITING = 64;

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
export function receiveSends(socket: WebSocket, store: Store, token: string | undefined, log: (line: string) => void) {
  let queue: Promise<void> = Promise.resolve();
  let waiting = 0;
  const answer = (a: StreamSendAnswer) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(a));
  };
  const take = async (raw: unknown): Promise<void> => {
    const frame = parse(raw);
    const clientId = clientIdOf(frame);
    try {
      const input = streamSendFrame.parse(frame);
      const customer = await authenticateCustomer(store.db, token);
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
  socket.on('message', (raw) => {
    if (waiting >= MAX_WAITING) {
      const error = { code: 'rate_limited', message: 'too many messages waiting; wait for their answers' };
      answer({ type: 'refused', clientId: clientIdOf(parse(raw)), status: 429, error });
      return;
    }
    waiting++;
    queue = queue.then(() => take(raw)).finally(() => waiting--);
  });
}
