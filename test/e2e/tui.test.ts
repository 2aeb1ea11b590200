/**
 * `desk tui` in a real terminal: a real server, the built CLI inside tmux at 80×24 (started without
 * CI variables, under which Ink draws only the last frame), keys sent with `tmux send-keys` and the
 * screen read with `tmux capture-pane`, polled until what is expected shows (bounded, no sleeps).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DESK_BIN, cleanEnv, startDesk, type Desk } from '../helpers/desk.js';

class Terminal {
  /** A tmux server of its own, on a socket in a directory removed afterwards. */
  readonly dir = mkdtempSync(join(tmpdir(), 'desk-tui-'));
  readonly socket = join(this.dir, 'tmux.sock');
  readonly session = 'tui';

  private tmux(args: string[], env?: Record<string, string>): string {
    return execFileSync('tmux', ['-S', this.socket, ...args], { encoding: 'utf8', ...(env ? { env } : {}) });
  }

  /** Starts `desk tui` at 80×24; the tmux server (and so the TUI) gets exactly `env`. */
  start(env: Record<string, string>): void {
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(DESK_BIN)} tui`;
    this.tmux(['new-session', '-d', '-s', this.session, '-x', '80', '-y', '24', command], env);
    this.tmux(['set-option', '-t', this.session, 'remain-on-exit', 'on']);
  }

  screen(): string {
    return this.tmux(['capture-pane', '-p', '-t', this.session]);
  }

  /** Keys by tmux name (`Enter`, `Escape`, `a`). */
  keys(...keys: string[]): void {
    this.tmux(['send-keys', '-t', this.session, ...keys]);
  }

  /** Text typed literally. */
  type(text: string): void {
    this.tmux(['send-keys', '-t', this.session, '-l', text]);
  }

  /** Polls the screen until `check` holds (at most `timeoutMs`), returning it. */
  async waitFor(what: string, check: (screen: string) => boolean, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    for (;;) {
      last = this.screen();
      if (check(last)) return last;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen:\n${last}`);
      await new Promise((r) => setTimeout(r, 40));
    }
  }

  /** Polls until the screen shows `text`. */
  waitForText(text: string, timeoutMs?: number): Promise<string> {
    return this.waitFor(JSON.stringify(text), (s) => s.includes(text), timeoutMs);
  }

  stop(): void {
    spawnSync('tmux', ['-S', this.socket, 'kill-server']);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The customer side of a chat, over the customer API. */
class Customer {
  token = '';
  constructor(
    private readonly desk: Desk,
    readonly email: string,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown, token = this.token): Promise<T> {
    const res = await fetch(this.desk.server.url + path, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async login(): Promise<void> {
    await this.call('POST', '/v1/customer/login', { email: this.email }, '');
    const code = await this.call<{ code: string }>(
      'GET',
      `/v1/admin/contacts/code?email=${encodeURIComponent(this.email)}`,
      undefined,
      this.desk.adminToken,
    );
    this.token = (
      await this.call<{ token: string }>('POST', '/v1/customer/verify', { email: this.email, code: code.code }, '')
    ).token;
  }

  async request(message: string): Promise<number> {
    return (await this.call<{ chat: { id: number } }>('POST', '/v1/customer/chats', { message })).chat.id;
  }

  async say(chatId: number, body: string): Promise<void> {
    await this.call('POST', `/v1/customer/chats/${chatId}/messages`, { body });
  }

  async transcript(chatId: number): Promise<string[]> {
    const d = await this.call<{ messages: Array<{ body: string }> }>('GET', `/v1/customer/chats/${chatId}`);
    return d.messages.map((m) => m.body);
  }
}

async function eventually<T>(
  what: string,
  fn: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 40));
  }
}

/**
 * Each test gets its own server and terminal (no chat, draft or availability carries over from the
 * test before): Sam Tech, granted Acme with the contacts Melissa and Tomasz, and a ticket assigned
 * to Sam, with the TUI started and its state loaded.
 */
describe('desk tui in a real terminal (tmux 80×24)', () => {
  let desk: Desk;
  let term: Terminal;
  let ticketId: number;
  let samToken: string;
  let companyId: number;
  /** The first screen with the state loaded. */
  let firstScreen = '';
  const melissa = () => new Customer(desk, 'melissa@gmail.com');

  beforeEach(async () => {
    if (spawnSync('tmux', ['-V']).status !== 0) throw new Error('this test needs tmux (CI installs it)');
    desk = await startDesk('sqlite', { testClock: true });
    const company = (await desk.json<{ id: number }>(['admin', 'companies', 'add', 'Acme'])).id;
    for (const [name, email] of [
      ['Melissa Grant', 'melissa@gmail.com'],
      ['Tomasz Nowak', 'tomasz@example.com'],
    ]) {
      await desk.json(['admin', 'contacts', 'add', '--company', String(company), '--name', name!, '--email', email!]);
    }
    const tech = await desk.json<{ id: number; token: string }>([
      'admin',
      'technicians',
      'add',
      '--name',
      'Sam Tech',
      '--email',
      'sam@example.com',
    ]);
    await desk.json(['admin', 'grant', String(tech.id), String(company)]);
    samToken = tech.token;
    companyId = company;
    ticketId = (
      await desk.json<{ id: number }>([
        'tickets',
        'create',
        '--title',
        'Printer on floor 2 jams',
        '--company',
        String(company),
        '--assign',
        String(tech.id),
      ])
    ).id;
    term = new Terminal();
    // cleanEnv drops CI, CI_* and DESK_* variables: Ink draws every frame, as on a technician's terminal.
    term.start(cleanEnv({ ...desk.env(tech.token), TERM: 'xterm-256color' }));
    firstScreen = await term.waitFor(
      'the first frame with the state loaded',
      // A whole frame: the header on the first row (not a frame half redrawn), the queue below it.
      (s) =>
        s.split('\n')[0]!.startsWith('Sam Tech @') &&
        s.includes('● live') &&
        s.includes('Offline') &&
        s.includes('Queue'),
    );
  });

  afterEach(async () => {
    term?.stop();
    await desk?.close();
  });

  /** Sam becomes Available and accepts Melissa's request with `a`: the chat opens, the composer focused. */
  async function acceptMelissa(): Promise<{ chatId: number; chat: string; queue: string }> {
    term.keys('v');
    await term.waitForText('● Available');
    const customer = melissa();
    await customer.login();
    const chatId = await customer.request('Hello, please call me on +447966197542');
    const queue = await term.waitForText('OFFER');
    term.keys('a');
    const chat = await term.waitForText('Melissa Grant: Hello, please call me on');
    return { chatId, chat, queue };
  }

  it('starts on the queue with the header: who, server, availability, connection', () => {
    const screen = firstScreen;
    expect(screen).toContain('Queue');
    const rows = screen.split('\n');
    expect(rows[0]).toMatch(/^Sam Tech @ 127\.0\.0\.1:\d+ /);
  });

  it('shows my tickets and runs the time tracker from a ticket', async () => {
    term.keys('3');
    await term.waitForText('Printer on floor 2 jams');
    term.keys('Enter');
    await term.waitForText(`#${ticketId} Printer on floor 2 jams`);
    term.keys('t');
    await term.waitFor('the timer in the header', (s) => s.split('\n')[0]!.includes(`▶ #${ticketId} 0:0`));
    term.keys('t');
    await term.waitFor('the timer gone', (s) => !s.split('\n')[0]!.includes(`#${ticketId}`));
    term.keys('Escape');
    await term.waitForText('Enter open');
    term.keys('1');
    await term.waitFor('the queue pane', (q) => /^Queue .*New .* 0 for you/m.test(q));
  });

  it('shows a customer request, accepts it with a, and shows the phone number masked', async () => {
    const { queue, chat } = await acceptMelissa();
    expect(queue).toMatch(/▸ OFFER [12]:\d\d +Melissa Grant +Acme/);
    expect(queue).toContain('<m******@gmail.com>');
    expect(chat).toContain('Hello, please call me on *********7542');
    expect(chat).not.toContain('447966197542');
    expect(chat).toContain('─ Message ─');
  });

  it('sends messages both ways', async () => {
    const { chatId } = await acceptMelissa();
    term.type('Hi Melissa, I am on it');
    await term.waitForText('Hi Melissa, I am on it');
    term.keys('Enter');
    await term.waitForText('Sam Tech: Hi Melissa, I am on it');
    const customer = melissa();
    await customer.login();
    await eventually(
      'the customer to get the message',
      () => customer.transcript(chatId),
      (ms) => ms.includes('Hi Melissa, I am on it'),
    );
    await customer.say(chatId, 'Thank you! My card is 4111 1111 1111 1111');
    const screen = await term.waitForText('Melissa Grant: Thank you!');
    expect(screen).toContain('My card is ************1111');
  });

  it('attaches a file from the chat, which shows in the transcript', async () => {
    const file = join(term.dir, 'tui-note.txt');
    writeFileSync(file, 'Steps tried so far: restarted the router.\n');
    await acceptMelissa();
    term.keys('Escape');
    await term.waitForText('press i to write');
    term.keys('f');
    await term.waitForText('Attach a file');
    term.type(file);
    await term.waitForText('tui-note.txt');
    term.keys('Enter');
    await term.waitFor('the file in the transcript', (s) => /Sam Tech: \[file\] tui-note\.txt \(\d+ B\)/.test(s));
    term.keys('i');
    await term.waitFor('the composer focused', (s) => s.includes('─ Message ─') && !s.includes('press i to write'));
  });

  it('refuses < > as typed and the 1001st character in the composer', async () => {
    await acceptMelissa();
    term.type('<');
    await term.waitForText('may not contain < or >');
    term.type('x'.repeat(1000));
    await term.waitForText('1000/1000');
    term.type('y');
    const screen = await term.waitForText('The limit is 1000 characters');
    expect(screen).toContain('1000/1000');
    // The draft ends with the 1000th character: 12 full lines of 80, then 40.
    expect(screen.split('\n').some((l) => l.trimEnd() === 'x'.repeat(40))).toBe(true);
    expect(screen).not.toContain('xy');
  });

  it('shows RONA after an offer times out, and v makes me Available again', async () => {
    // Requests wait longer than the offer, so the offer lapses into RONA first.
    expect((await desk.run(['admin', 'settings', 'set', 'chat.request-timeout', '15m'])).code).toBe(0);
    // In a chat, writing, when the next offer comes.
    await acceptMelissa();
    const tomasz = new Customer(desk, 'tomasz@example.com');
    await tomasz.login();
    await tomasz.request('Is anyone there?');
    await term.waitFor('the new offer', (s) => s.includes('for you'));
    // The offer lapses on the server's clock (2 minutes by default).
    const res = await fetch(`${desk.server.url}/v1/test/clock`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${desk.adminToken}` },
      body: JSON.stringify({ advanceMs: 121_000 }),
    });
    expect(res.status).toBe(200);
    const screen = await term.waitForText('RONA');
    expect(screen.split('\n')[0]).toContain('RONA: offers stopped, press v for Available');
    // Leave the composer, then v.
    term.keys('Escape');
    await term.waitForText('press i to write');
    term.keys('v');
    await term.waitFor('Available again', (s) => s.split('\n')[0]!.includes('● Available'));
  });

  it('shows the connection dropping and reconnects by itself when the server is back', async () => {
    await acceptMelissa();
    const port = desk.server.port;
    await desk.server.stop();
    await term.waitFor('reconnecting', (s) => /reconnecting|offline/.test(s.split('\n')[0]!));
    await desk.server.start(port);
    await term.waitFor('live again', (s) => s.split('\n')[0]!.includes('● live'), 30_000);
    // Events after the reconnection arrive: a new ticket for me shows in the tickets pane.
    const me = await desk.json<{ technician: { id: number } }>(['whoami'], { token: samToken });
    await desk.json([
      'tickets',
      'create',
      '--title',
      'After the reconnection',
      '--company',
      String(companyId),
      '--assign',
      String(me.technician.id),
    ]);
    // Leave the composer, then the tickets pane.
    term.keys('Escape');
    await term.waitForText('press i to write');
    term.keys('3');
    await term.waitForText('After the reconnection');
    term.keys('2');
    await term.waitForText('─ Message');
  });

  it('asks before quitting with a draft, then quits', async () => {
    await acceptMelissa();
    term.type('Half a sentence');
    await term.waitForText('Half a sentence');
    term.keys('Escape');
    await term.waitForText('press i to write');
    term.keys('q');
    await term.waitForText('1 unsent draft would be lost. Quit anyway? y/n');
    term.keys('y');
    await term.waitFor('the TUI to exit', (s) => !s.includes('Sam Tech @'));
  });
});
