/**
 * The server clock as ticket views read it ("time left" on an SLA target).
 * A server sets it at start, so a `--test-clock` server shows times by its
 * manual clock; anything else (store-level tests) uses the system clock or
 * sets its own.
 */
let current: () => number = () => Date.now();

export function setViewClock(now: () => number): void {
  current = now;
}

export function viewNow(): number {
  return current();
}
