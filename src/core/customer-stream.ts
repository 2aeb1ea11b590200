/**
 * What a customer may send on their event stream (`/v1/customer/events`) besides reading it: a chat
 * message, the same as `POST /v1/customer/chats/ID/messages` without a request of its own, and the
 * server's answer to it. The answer comes after the message is committed; a frame without an answer
 * (the connection dropped) is sent again, on the stream or by POST, with the same `clientId`, and is
 * stored once. Shapes shared by the server and the web pages. Pure.
 */
import * as z from 'zod/mini';
import type { ChatMessage } from './chat.js';
import './zod-locale.js';

/** The frame that sends a chat message; `clientId` also names the answer. */
export const streamSendFrame = z.object({
  type: z.literal('send'),
  chatId: z.number().check(z.int(), z.positive()),
  body: z.string(),
  clientId: z.string().check(z.minLength(1), z.maxLength(100)),
});
export type StreamSendFrame = z.infer<typeof streamSendFrame>;

/** The error of a refused frame, as the API's error body says it. */
export interface StreamError {
  readonly code: string;
  readonly message: string;
  readonly field?: string;
}

/** The server's answer to a send frame. */
export type StreamSendAnswer =
  | { readonly type: 'sent'; readonly clientId: string; readonly message: ChatMessage }
  /** `status`: what the POST would have answered; `clientId` is null when the frame had none to read. */
  | {
      readonly type: 'refused';
      readonly clientId: string | null;
      readonly status: number;
      readonly error: StreamError;
    };
