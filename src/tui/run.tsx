/**
 * Starts the TUI: the store, the controller fed by the event stream, and Ink rendering on the
 * terminal's alternate screen with incremental rendering (only changed lines are rewritten).
 */
import { render } from 'ink';
import { EventStream } from '../client/events.js';
import { DeskApi } from './api.js';
import { App } from './components/App.js';
import { MaskContext } from './components/Line.js';
import { Controller } from './controller.js';
import { initialState } from './state.js';
import { createStore, StoreContext } from './store.js';
import type { Masker } from './text.js';
import { makeTheme, noColorFrom, ThemeContext } from './theme.js';

export interface TuiOptions {
  readonly server: string;
  readonly token: string;
  readonly mask: Masker;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout?: NodeJS.WriteStream;
  readonly stdin?: NodeJS.ReadStream;
}

const ALT_SCREEN_ON = '\x1b[?1049h\x1b[H';
const ALT_SCREEN_OFF = '\x1b[?1049l';

/** Runs the TUI until the technician quits. */
export async function runTui(options: TuiOptions): Promise<void> {
  const stdout = options.stdout ?? process.stdout;
  const stdin = options.stdin ?? process.stdin;
  const store = createStore(initialState(options.server, Date.now()));
  const api = new DeskApi(options.server, options.token);
  let instance: ReturnType<typeof render> | undefined;
  const tracePath = options.env.DESK_TUI_TRACE;
  const trace = tracePath ? new (await import('./trace.js')).Trace(tracePath) : undefined;
  trace?.attach(stdout);
  const controller = new Controller({
    ...(trace ? { trace } : {}),
    api,
    store,
    exit: () => instance?.unmount(),
    pageSize: () => Math.max(1, (stdout.rows || 24) - 8),
  });
  // Ask for everything after the end of the log: the server answers `resync` with its head, which
  // loads the state over REST; from then on the stream resumes from the last event it delivered.
  const stream = new EventStream({ server: options.server, token: options.token, since: Number.MAX_SAFE_INTEGER });
  const theme = makeTheme(noColorFrom(options.env));
  stdout.write(ALT_SCREEN_ON);
  const restore = () => stdout.write(ALT_SCREEN_OFF);
  process.once('exit', restore);
  try {
    instance = render(
      <ThemeContext.Provider value={theme}>
        <MaskContext.Provider value={options.mask}>
          <StoreContext.Provider value={store}>
            <App controller={controller} />
          </StoreContext.Provider>
        </MaskContext.Provider>
      </ThemeContext.Provider>,
      { stdout, stdin, exitOnCtrlC: false, incrementalRendering: true, maxFps: 30, patchConsole: true },
    );
    controller.start(stream);
    await instance.waitUntilExit();
  } finally {
    trace?.save();
    controller.stop();
    process.off('exit', restore);
    restore();
  }
}
