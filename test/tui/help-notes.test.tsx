/** The help (`?`) shows the notes it is given before the keys: `desk demo` puts its hints there. */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { HelpNotesContext, HelpView } from '../../src/tui/components/Modals.js';
import { HELP_SECTIONS } from '../../src/tui/keys.js';

afterEach(() => cleanup());

describe('help notes', () => {
  it('shows the demo hints above the keys', () => {
    const notes = ['Admin token (for desk admin …): dsk_admin_123', 'Try, in another terminal:', '  desk tickets list'];
    const { lastFrame } = render(
      <HelpNotesContext.Provider value={notes}>
        <HelpView width={80} height={30} scroll={0} />
      </HelpNotesContext.Provider>,
    );
    const frame = lastFrame() ?? '';
    expect(frame).toContain('Admin token (for desk admin …): dsk_admin_123');
    expect(frame).toContain('desk tickets list');
    expect(frame.indexOf('dsk_admin_123')).toBeLessThan(frame.indexOf(HELP_SECTIONS[0]!.title));
  });

  it('shows only the keys without notes', () => {
    const { lastFrame } = render(<HelpView width={80} height={30} scroll={0} />);
    expect(lastFrame()).not.toContain('Admin token');
  });
});
