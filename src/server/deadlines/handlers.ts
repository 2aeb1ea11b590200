/**
 * Every kind of deadline the server fires, and its handler. Each feature adds
 * its kinds here.
 */
import type { DeadlineSweeper } from './sweeper.js';
import { registerTicketDeadlines } from './ticket-handlers.js';
import { registerChatDeadlines } from './chat-handlers.js';

export function registerDeadlineHandlers(sweeper: DeadlineSweeper): void {
  registerTicketDeadlines(sweeper);
  registerChatDeadlines(sweeper);
  void sweeper;
}
