/**
 * Every kind of deadline the server fires, and its handler. Each feature adds
 * its kinds here.
 */
import type { DeadlineSweeper } from './sweeper.js';

export function registerDeadlineHandlers(sweeper: DeadlineSweeper): void {
  void sweeper;
}
