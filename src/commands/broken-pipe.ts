/**
 * A reader that goes away (`desk tickets list --json | head -c 1`) ends the command quietly with exit
 * 0, on every output path: a write to a closed standard output or error fails with EPIPE, which would
 * otherwise crash the process as an unhandled 'error' event.
 */
import type { Writable } from 'node:stream';

/**
 * Watches the process's output streams. At the first EPIPE a long-running command (one listening for
 * SIGTERM: a watch, a stream) is stopped as by SIGTERM so it can clean up; any other command ends at
 * once. Either way the exit code is 0.
 */
let ended = false;

/** Whether a reader went away: the command then exits 0 whatever it was about to return. */
export function pipeClosed(): boolean {
  return ended;
}

export function endQuietlyOnBrokenPipe(streams: readonly Writable[]): void {
  const onError = (error: Error): void => {
    if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
    if (ended) return;
    ended = true;
    process.exitCode = 0;
    if (process.listenerCount('SIGTERM') === 0) process.exit(0);
    process.emit('SIGTERM', 'SIGTERM');
    // Whatever the command does next, nothing more reaches the reader: end even if it does not stop.
    setTimeout(() => process.exit(0), 2000).unref();
  };
  for (const stream of streams) stream.on('error', onError);
}
