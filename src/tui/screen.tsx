/**
 * The screen: the App under its contexts, rendered by Ink with incremental rendering (only changed
 * lines are rewritten). Ink, React's reconciler and Yoga load with this module.
 */
import { render, type Instance } from 'ink';
import { App } from './components/App.js';
import { MaskContext } from './components/Line.js';
import { HelpNotesContext } from './components/Modals.js';
import type { Controller } from './controller.js';
import { StoreContext, type Store } from './store.js';
import type { Masker } from './text.js';
import { makeTheme, noColorFrom, ThemeContext } from './theme.js';

export interface ScreenOptions {
  readonly store: Store;
  readonly controller: Controller;
  readonly mask: Masker;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: NodeJS.WriteStream;
  readonly stdin: NodeJS.ReadStream;
  readonly helpNotes: readonly string[];
  /** Told how long Ink took to lay out and draw each frame. */
  readonly onRender?: ((ms: number) => void) | undefined;
}

/** Draws the first frame and keeps drawing until unmounted. */
export function drawScreen(o: ScreenOptions): Instance {
  const theme = makeTheme(noColorFrom(o.env));
  const onRender = o.onRender;
  return render(
    <ThemeContext.Provider value={theme}>
      <MaskContext.Provider value={o.mask}>
        <StoreContext.Provider value={o.store}>
          <HelpNotesContext.Provider value={o.helpNotes}>
            <App controller={o.controller} />
          </HelpNotesContext.Provider>
        </StoreContext.Provider>
      </MaskContext.Provider>
    </ThemeContext.Provider>,
    {
      stdout: o.stdout,
      stdin: o.stdin,
      exitOnCtrlC: false,
      incrementalRendering: true,
      maxFps: 60,
      patchConsole: true,
      ...(onRender ? { onRender: ({ renderTime }: { renderTime: number }) => onRender(renderTime) } : {}),
    },
  );
}
