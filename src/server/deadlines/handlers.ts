/**
 * Every kind of deadline the server fires, and its handler. Each feature adds
 * its kinds here.
 */
import type { DeadlineSweeper } from './sweeper.js';
import { registerTicketDepthDeadlines } from './ticket-depth-handlers.js';
import { registerChatDeadlines } from './chat-handlers.js';

export function registerDeadlineHandlers(sweeper: DeadlineSweeper): void {
  registerTicketDepthDeadlines(sweeper);
  registerChatDeadlines(sweeper);
  void sweeper;
}
