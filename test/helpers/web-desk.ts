/**
 * The customer portal against a real desk: one server (SQLite, in this process) and one headless
 * Chromium per test file, the company Acme with a technician who works through the real `desk`
 * command, contacts who sign in on the page with the code the admin outbox holds.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import type { Browser, Page } from 'puppeteer-core';
import { startDesk, type Desk, type RunResult } from './desk.js';
import { launchBrowser, openPage } from './browser.js';

export interface WebDesk {
  readonly desk: Desk;
  readonly browser: Browser;
  readonly company: number;
  /** The technician (available for chats when `available` is called). */
  readonly tech: { id: number; token: string; name: string };
  /** `desk ARGS` as the technician. */
  asTech(args: readonly string[]): Promise<RunResult>;
  /** `desk ARGS --json` as the technician, parsed. */
  techJson<T>(args: readonly string[]): Promise<T>;
  /** Adds a contact of Acme. */
  contact(name: string, email: string): Promise<number>;
  /** A new page on the portal, signed in as the contact with an e-mailed code. */
  signedIn(email: string): Promise<{ page: Page; errors: string[] }>;
}

/** `testClock`: the server's clock moves only with `desk.seed.advance` (for expiries). */
export function useWebDesk(options: { technician?: string; testClock?: boolean } = {}): WebDesk {
  const s = {} as { desk: Desk; browser: Browser; company: number; tech: WebDesk['tech'] };
  const techName = options.technician ?? 'Sam Tech';

  const web: WebDesk = {
    get desk() {
      return s.desk;
    },
    get browser() {
      return s.browser;
    },
    get company() {
      return s.company;
    },
    get tech() {
      return s.tech;
    },
    asTech: (args) => s.desk.run(args, { token: s.tech.token }),
    techJson: (args) => s.desk.json(args, { token: s.tech.token }),
    async contact(name, email) {
      const c = await s.desk.json<{ id: number }>([
        'admin',
        'contacts',
        'add',
        '--company',
        String(s.company),
        '--name',
        name,
        '--email',
        email,
      ]);
      return c.id;
    },
    async signedIn(email) {
      const opened = await openPage(s.browser, s.desk.server.url);
      const { page } = opened;
      await page.waitForSelector('#email');
      await page.type('#email', email);
      await page.keyboard.press('Enter');
      await page.waitForSelector('#code');
      const { code } = await s.desk.json<{ code: string }>(['admin', 'contacts', 'code', email]);
      await page.type('#code', code);
      await page.keyboard.press('Enter');
      await page.waitForSelector('#sign-out');
      return opened;
    },
  };

  beforeAll(async () => {
    s.desk = await startDesk('sqlite', { testClock: options.testClock === true });
    s.company = (await s.desk.json<{ id: number }>(['admin', 'companies', 'add', 'Acme'])).id;
    expect((await s.desk.run(['admin', 'wrapup', 'add', 'Resolved'])).code).toBe(0);
    const t = await s.desk.json<{ id: number; token: string }>([
      'admin',
      'technicians',
      'add',
      '--name',
      techName,
      '--email',
      'sam@example.com',
    ]);
    await s.desk.json(['admin', 'grant', String(t.id), String(s.company)]);
    s.tech = { ...t, name: techName };
    s.browser = await launchBrowser();
  });
  afterAll(async () => {
    await s.browser?.close();
    await s.desk?.close();
  });
  return web;
}
