/** The TUI's one text component makes every line inert, whatever a pane puts in it. */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { Line } from '../../src/tui/components/Line.js';

afterEach(() => cleanup());

const ESC = '\x1b';

describe('Line', () => {
  it('strips escape sequences, C1 and bidi controls from every segment, styled or not', () => {
    const frame = render(
      <Line
        width={40}
        segments={[
          { text: `Acme${ESC}]52;c;cm0gLXJm\x07 ` },
          { text: `Sam${ESC}[2J${ESC}[H\u202e`, token: 'accent' },
          { text: ` tag\u009b1m\nx` },
        ]}
      />,
    ).lastFrame()!;
    const visible = frame.replace(/\x1b\[[0-9;]*m/g, '');
    expect(visible.trimEnd()).toBe('Acme Sam tag x');
    expect(visible).not.toMatch(/[\x1b\x80-\x9f\u202e]/);
  });
});
