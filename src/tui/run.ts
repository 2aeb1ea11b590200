/**
 * Starts the TUI: the store and the controller, whose requests and event stream go out first; the
 * screen (Ink, React and Yoga) loads while the server answers, so its first frame shows what has
 * arrived by then, and Ink renders on the terminal's alternate screen until the technician quits.
 */
import type { Instance } from 'ink';
import { Controller } from './controller.js';
import { initialState } from './state.js';
import { createStore } from './store.js';
import type { Masker } from './text.js';

export interface TuiOptions {
  readonly server: string;
  readonly token: string;
  readonly mask: Masker;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout?: NodeJS.WriteStream;
  readonly stdin?: NodeJS.ReadStream;
  /** Lines the help (`?`) shows before the keys. */
  readonly helpNotes?: readonly string[];
}

const ALT_SCREEN_ON = '\x1b[?1049h\x1b[H';
const ALT_SCREEN_OFF = '\x1b[?1049l';

/** Runs the TUI until the technician quits. */
export async function runTui(options: TuiOptions): Promise<void> {
  const stdout = options.stdout ?? process.stdout;
  const stdin = options.stdin ?? process.stdin;
  let instance: Instance | undefined;
  const tracePath = options.env.DESK_TUI_TRACE;
  const trace = tracePath ? new (await import('./trace.js')).Trace(tracePath) : undefined;
  trace?.attach(stdout);
  const store = createStore(
    initialState(options.server, Date.now()),
    trace ? { onNotify: () => trace.notified() } : {},
  );
  let drawn = () => {};
  const shown = new Promise<void>((resolve) => {
    drawn = resolve;
  });
  const controller = new Controller({
    ...(trace ? { trace } : {}),
    store,
    shown,
    exit: () => instance?.unmount(),
    pageSize: () => Math.max(1, (stdout.rows || 24) - 8),
  });
  stdout.write(ALT_SCREEN_ON);
  const restore = () => stdout.write(ALT_SCREEN_OFF);
  process.once('exit', restore);
  try {
    const { connect } = await import('./live.js');
    trace?.mark('live-loaded');
    controller.connect(connect(options.server, options.token));
    const { drawScreen } = await import('./screen.js');
    instance = drawScreen({
      store,
      controller,
      mask: options.mask,
      env: options.env,
      stdout,
      stdin,
      helpNotes: options.helpNotes ?? [],
      onRender: trace ? (ms) => trace.render(ms) : undefined,
    });
    trace?.mark('first-frame');
    drawn();
    controller.start();
    await instance.waitUntilExit();
  } finally {
    trace?.save();
    controller.stop();
    process.off('exit', restore);
    restore();
  }
}
