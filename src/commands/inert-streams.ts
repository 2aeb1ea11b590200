/**
 * Every command writes through streams that make its output inert for the terminal (DESIGN §2.6):
 * whatever a command prints, escape sequences other than colour and control characters are removed
 * before they reach the terminal (core/terminal.ts `inertOutput`). Renderers make text from the
 * server fully inert (colours included) where they print it; this guard is for every path at once.
 * Bytes written as a Buffer pass as they are: a downloaded file's content, `desk mask`'s copy of its
 * input. The TUI draws with cursor sequences of its own and takes the raw stream ({@link rawStream});
 * its one text component makes every line inert instead.
 */
import { inertOutput } from '../core/terminal.js';
import type { Context, OutStream } from './context.js';

// Symbol.for: the command table and each noun are separate bundles, each with its own copy of this module.
const RAW = Symbol.for('deskline.rawStream');

function inertStream(stream: OutStream): OutStream {
  const write = (chunk: unknown, ...rest: unknown[]): boolean => {
    const text = typeof chunk === 'string' ? inertOutput(chunk) : chunk;
    return (stream.write as (...args: unknown[]) => boolean)(text, ...rest);
  };
  return new Proxy(stream, {
    get(target, key) {
      if (key === 'write') return write;
      if (key === RAW) return target;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The stream under an inert one (for the TUI), or the stream itself. */
export function rawStream(stream: OutStream): OutStream {
  return ((stream as unknown as Record<symbol, OutStream | undefined>)[RAW] ?? stream) as OutStream;
}

/** The context with inert stdout and stderr; everything else (and `exitCode`) read from `ctx`. */
export function inertContext(ctx: Context): Context {
  let stdout: OutStream | undefined;
  let stderr: OutStream | undefined;
  return Object.create(ctx, {
    stdout: { get: () => (stdout ??= inertStream(ctx.stdout)), enumerable: true },
    stderr: { get: () => (stderr ??= inertStream(ctx.stderr)), enumerable: true },
  }) as Context;
}
