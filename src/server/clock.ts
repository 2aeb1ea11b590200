/**
 * The server's clock. Production uses the system clock; `desk server
 * --test-clock` uses a manual one that tests set and advance through the API,
 * so timers (offers, SLA, time tracking) are tested without sleeping.
 */
import { EventEmitter } from 'node:events';

export interface ServerClock {
  now(): number;
  /** Called after the manual clock moves, so deadline sweepers look again. */
  onChange(listener: () => void): void;
  readonly manual: boolean;
}

export const systemClock: ServerClock = {
  now: () => Date.now(),
  onChange: () => {},
  manual: false,
};

export class ManualClock implements ServerClock {
  readonly manual = true;
  private current: number;
  private readonly events = new EventEmitter();

  constructor(start = Date.now()) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  set(ms: number): void {
    this.current = ms;
    this.events.emit('change');
  }

  advance(ms: number): void {
    this.set(this.current + ms);
  }

  onChange(listener: () => void): void {
    this.events.on('change', listener);
  }
}
