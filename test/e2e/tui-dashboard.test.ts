/**
 * The TUI's Dashboard pane in a real terminal: the built CLI inside tmux at 80×24, started as a
 * lead granted one company. A customer who starts waiting and a technician who lets the offer lapse
 * (RONA) show on the dashboard as they happen, from the event stream; another company's customer
 * does not show at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, startDesk, type Desk } from '../helpers/desk.js';
import { TmuxTerminal } from '../helpers/tmux.js';

describe('desk tui dashboard in a real terminal (tmux 80×24)', () => {
  let desk: Desk;
  let term: TmuxTerminal;
  let acme: number;
  let globex: number;

  beforeAll(async () => {
    TmuxTerminal.check();
    desk = await startDesk('sqlite', { testClock: true });
    acme = await desk.seed.company('Acme');
    globex = await desk.seed.company('Globex');
    const lena = await desk.seed.technician('Lena Lead', { grant: [acme] });
    await desk.seed.technician('Kim Tech', { grant: [acme], available: true });
    // Offers lapse after 30 s, well before a request expires unanswered.
    const queues = await desk.seed.ok<Array<{ id: number; isDefault: boolean }>>(desk.adminToken, 'GET', '/v1/queues');
    const queue = queues.find((q) => q.isDefault)!;
    await desk.seed.ok(desk.adminToken, 'PATCH', `/v1/queues/${queue.id}`, { offerTimeoutMs: 30_000 });
    term = new TmuxTerminal();
    // cleanEnv drops CI, CI_* and DESK_* variables: Ink draws every frame, as on a technician's terminal.
    term.start(cleanEnv({ ...desk.env(lena.token), TERM: 'xterm-256color' }));
    await term.waitFor(
      'the first frame with the state loaded',
      (s) => s.includes('Lena Lead @') && s.includes('● live'),
    );
  });

  afterAll(async () => {
    term?.stop();
    await desk?.close();
  });

  it('opens the dashboard with 4: nobody waiting, the technicians and their availability', async () => {
    term.keys('4');
    const screen = await term.waitFor('the dashboard', (s) => s.includes('Dashboard  0 waiting'));
    expect(screen).toContain('4 Dashboard');
    expect(screen).toMatch(/Kim Tech +● Available +0 chats/);
    expect(screen).toMatch(/Lena Lead +○ Offline +0 chats/);
    expect(screen).toContain('Today  created 0 · resolved 0 · chats 0 · RONA 0');
  });

  it('shows a new waiting customer of my company, not another company’s', async () => {
    const other = await desk.seed.customer(globex, 'Gina Globex');
    await desk.seed.ok(other.token, 'POST', '/v1/customer/chats', { message: 'Globex needs help' });
    const melissa = await desk.seed.customer(acme, 'Melissa Grant');
    await desk.seed.ok(melissa.token, 'POST', '/v1/customer/chats', { message: 'Hello?' });
    const screen = await term.waitFor('the waiting customer', (s) => s.includes('Dashboard  1 waiting · longest'));
    expect(screen).toContain('chats 1');
    expect(screen).not.toContain('2 waiting');
  });

  it('shows a RONA after the offer lapses: the technician in RONA and today’s count', async () => {
    // The request was offered to Kim, who does not answer within 30 seconds. The dashboard's clock
    // follows the server's from its events and ticks each second, so it may show up to a second or
    // two less than the server's: 35 seconds keep the wait shown above 30.
    await desk.seed.advance(35_000);
    const screen = await term.waitFor('the RONA', (s) => /Kim Tech +RONA/.test(s) && s.includes('RONA 1'), 30_000);
    expect(screen).toContain('1 RONA');
    // The customer still waits, now for more than 30 seconds.
    expect(screen).toMatch(/1 waiting · longest 0:3\d/);
  });
});
