/**
 * Starts the TUI: the store, the controller fed by the event stream, and Ink rendering on the
 * terminal's alternate screen with incremental rendering (only changed lines are rewritten). The
 * first frame is drawn before the network code and the schemas load.
 */
import { render } from 'ink';
import { App } from './components/App.js';
import { MaskContext } from './components/Line.js';
import { HelpNotesContext } from './components/Modals.js';
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
  /** Lines the help (`?`) shows before the keys. */
  readonly helpNotes?: readonly string[];
}

const ALT_SCREEN_ON = '\x1b[?1049h\x1b[H';
const ALT_SCREEN_OFF = '\x1b[?1049l';

/** Runs the TUI until the technician quits. */
export async function runTui(options: TuiOptions): Promise<void> {
  const stdout = options.stdout ?? process.stdout;
  const stdin = options.stdin ?? process.stdin;
  let instance: ReturnType<typeof render> | undefined;
  const tracePath = options.env.DESK_TUI_TRACE;
  const trace = tracePath ? new (await import('./trace.js')).Trace(tracePath) : undefined;
  trace?.attach(stdout);
  const store = createStore(
    initialState(options.server, Date.now()),
    trace ? { onNotify: () => trace.notified() } : {},
  );
  const controller = new Controller({
    ...(trace ? { trace } : {}),
    store,
    exit: () => instance?.unmount(),
    pageSize: () => Math.max(1, (stdout.rows || 24) - 8),
  });
  const theme = makeTheme(noColorFrom(options.env));
  stdout.write(ALT_SCREEN_ON);
  const restore = () => stdout.write(ALT_SCREEN_OFF);
  process.once('exit', restore);
  // Read the server side from disk while the first frame is drawn; it runs once the frame is out.
  const live = import('./live.js');
  try {
    instance = render(
      <ThemeContext.Provider value={theme}>
        <MaskContext.Provider value={options.mask}>
          <StoreContext.Provider value={store}>
            <HelpNotesContext.Provider value={options.helpNotes ?? []}>
              <App controller={controller} />
            </HelpNotesContext.Provider>
          </StoreContext.Provider>
        </MaskContext.Provider>
      </ThemeContext.Provider>,
      {
        stdout,
        stdin,
        exitOnCtrlC: false,
        incrementalRendering: true,
        maxFps: 60,
        patchConsole: true,
        ...(trace ? { onRender: ({ renderTime }: { renderTime: number }) => trace.render(renderTime) } : {}),
      },
    );
    trace?.mark('first-frame');
    controller.start();
    // The first frame is out; now the server side (schemas, HTTP and WebSocket clients).
    const { connect } = await live;
    trace?.mark('live-loaded');
    controller.connect(connect(options.server, options.token));
    await instance.waitUntilExit();
  } finally {
    trace?.save();
    controller.stop();
    process.off('exit', restore);
    restore();
  }
}
