/**
 * A fresh chat server for each test of a chat suite (so one failing test leaves nothing behind for
 * the next): a company, Acme, and the wrap-up reasons Resolved and Transferred.
 */
import { afterEach, beforeEach } from 'vitest';
import { ChatHarness } from '../../helpers/chat-api.js';
import type { DbKind } from '../../helpers/desk.js';

export interface ChatDesk {
  readonly h: ChatHarness;
  /** Acme's id. */
  readonly company: number;
}

/** Starts a server before each test of the calling suite and closes it after. */
export function chatDeskPerTest(kind: DbKind): ChatDesk {
  const desk = {} as { h: ChatHarness; company: number };
  beforeEach(async () => {
    desk.h = await ChatHarness.start(kind);
    desk.company = await desk.h.company('Acme');
    await desk.h.ok(desk.h.adminToken, 'POST', '/v1/wrapups', { name: 'Resolved' });
    await desk.h.ok(desk.h.adminToken, 'POST', '/v1/wrapups', { name: 'Transferred' });
  });
  afterEach(async () => {
    await desk.h?.close();
  });
  return desk;
}
