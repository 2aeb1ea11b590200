// The two customers of the portal benchmark (bench/web.bench.mjs): headless Chromium on the portal
// (puppeteer-core) and `desk customer chat` as a child process (NDJSON on standard output).
/* global document, window, location, MutationObserver, KeyboardEvent, WebSocket, URLSearchParams, crypto -- page.evaluate's functions run in the page */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import puppeteer from 'puppeteer-core';
import { DESK } from './lib.mjs';
import { FLOOR_PAGE } from './web-lib.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TIMEOUT_MS = 15_000;

/** What makes the chat page interactive: the composer, or the start-a-chat button, in the DOM and enabled. */
const CONTROL = '#composer, #start-chat button[type=submit]';

/**
 * Runs in every document before its own scripts: sets `window.__benchReady` to the time since
 * navigation start (performance.now()) at which the page became usable: for the one-line page its
 * load event, for the portal the first DOM change that leaves the control in place and enabled.
 */
const READY_PROBE = `(() => {
  const mark = () => { if (window.__benchReady === undefined) window.__benchReady = performance.now(); };
  if (location.pathname === ${JSON.stringify('/' + FLOOR_PAGE)}) {
    window.addEventListener('load', mark);
    return;
  }
  const check = () => {
    const e = document.querySelector(${JSON.stringify(CONTROL)});
    if (e !== null && !e.disabled) { mark(); observer.disconnect(); }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true });
})();`;

/** Headless Chromium with one page (in a context of its own) that carries the ready probe. */
export async function openBrowser() {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (set CHROMIUM_PATH)`);
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '--disable-dev-shm-usage', '--lang=en-GB'],
  });
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(String(err)));
  await page.setViewport({ width: 1280, height: 800 });
  await page.evaluateOnNewDocument(READY_PROBE);
  return { browser, page, errors };
}

/** Signs the contact in on the portal's page (e-mail, then the code `codeFor` gives). */
export async function signIn(page, url, email, codeFor) {
  await page.goto(url + '/', { waitUntil: 'domcontentloaded' });
  await page.waitForSelector('#email', { timeout: TIMEOUT_MS });
  await page.type('#email', email);
  await page.keyboard.press('Enter');
  await page.waitForSelector('#code', { timeout: TIMEOUT_MS });
  await page.type('#code', await codeFor(email));
  await page.keyboard.press('Enter');
  await page.waitForSelector('#sign-out', { timeout: TIMEOUT_MS });
}

/** Navigates to the path; ms from navigation start until the page was usable (see READY_PROBE). */
export async function timeNavigation(page, url, path) {
  await page.goto(url + path, { waitUntil: 'load', timeout: TIMEOUT_MS });
  const ready = await page.waitForFunction('window.__benchReady', { timeout: TIMEOUT_MS });
  return ready.jsonValue();
}

/**
 * One round trip from the portal, timed in the page: the composer sends `ping-N` (Enter, as typed),
 * and the clock stops when the transcript shows the technician's `pong-N`.
 */
export function pageRoundTrip(page, n) {
  return page.evaluate(
    (body, reply, timeout) =>
      new Promise((resolve, reject) => {
        const list = document.getElementById('transcript');
        const box = document.getElementById('composer');
        if (!list || !box) return reject(new Error('no transcript or composer on the page'));
        const timer = setTimeout(() => reject(new Error(`no ${reply} in the transcript`)), timeout);
        const observer = new MutationObserver((records) => {
          for (const r of records)
            for (const node of r.addedNodes)
              if (node.textContent.includes(reply)) {
                const t = performance.now() - t0;
                observer.disconnect();
                clearTimeout(timer);
                return resolve(t);
              }
        });
        observer.observe(list, { childList: true, subtree: true });
        const t0 = performance.now();
        box.value = body;
        box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
      }),
    `ping-${n}`,
    `pong-${n}`,
    TIMEOUT_MS,
  );
}

/** The portal's requests that ended before it was usable, in order (after a timed navigation). */
export function requestsBeforeReady(page) {
  return page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .filter((r) => r.responseEnd <= window.__benchReady)
      .map((r) => `${new URL(r.name).pathname} ${Math.round(r.startTime)}–${Math.round(r.responseEnd)}`),
  );
}

/**
 * The same round trip by a plain script in the one-line page, in a browser context of its own
 * (no portal code): a fetch POST to the customer API and a WebSocket on its event stream,
 * authenticated with a customer session token. Resolves once the stream is ready.
 */
export async function openScriptClient(browser, url, token, since) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.goto(`${url}/${FLOOR_PAGE}`, { waitUntil: 'load', timeout: TIMEOUT_MS });
  await page.evaluate(
    (token, since, timeout) =>
      new Promise((resolve, reject) => {
        const q = new URLSearchParams({ since: String(since), token });
        const ws = new WebSocket(`ws://${location.host}/v1/customer/events?${q}`);
        const timer = setTimeout(() => reject(new Error('the event stream was not ready')), timeout);
        window.__waiting = new Map();
        ws.onmessage = (m) => {
          const msg = JSON.parse(String(m.data));
          if (msg.type === 'ready') {
            clearTimeout(timer);
            resolve();
          } else if (msg.type === 'event' && msg.event.type === 'chat.message')
            window.__waiting.get(msg.event.data.message.body)?.(performance.now());
        };
        ws.onclose = () => reject(new Error('the event stream closed'));
      }),
    token,
    since,
    TIMEOUT_MS,
  );
  return {
    roundTrip: (chatId, n) =>
      page.evaluate(
        (token, chatId, body, reply, timeout) =>
          new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no ${reply} on the event stream`)), timeout);
            const t0 = performance.now();
            window.__waiting.set(reply, (t1) => {
              clearTimeout(timer);
              window.__waiting.delete(reply);
              resolve(t1 - t0);
            });
            fetch(`/v1/customer/chats/${chatId}/messages`, {
              method: 'POST',
              headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
              body: JSON.stringify({ body, clientId: crypto.randomUUID() }),
            }).then((res) => (res.ok ? undefined : reject(new Error(`the send answered ${res.status}`))), reject);
          }),
        token,
        chatId,
        `ping-${n}`,
        `pong-${n}`,
        TIMEOUT_MS,
      ),
    close: () => context.close(),
  };
}

/**
 * `desk customer chat --chat ID` as a real child process (standard input a pipe, so it reads lines
 * and prints NDJSON), signed in through DESK_SERVER and DESK_CUSTOMER_TOKEN.
 */
export function customerCli(url, token, chatId, configDir) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DESK_')));
  const child = spawn(process.execPath, [DESK, 'customer', 'chat', '--chat', String(chatId)], {
    env: { ...env, NO_COLOR: '1', DESK_SERVER: url, DESK_CUSTOMER_TOKEN: token, DESK_CONFIG_DIR: configDir },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const waiting = new Map();
  const errors = [];
  let stderr = '';
  let buf = '';
  let opened;
  const started = new Promise((resolve) => (opened = resolve));
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  child.stdout.setEncoding('utf8').on('data', (d) => {
    const now = performance.now();
    buf += d;
    let nl;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (!line.trim()) continue;
      const e = JSON.parse(line);
      if (e.type === 'state') opened();
      else if (e.type === 'error') errors.push(e.message);
      else if (e.type === 'message') waiting.get(e.message.body)?.(now);
    }
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return {
    started: Promise.race([
      started,
      exited.then((code) => Promise.reject(new Error(`desk customer chat exited ${code}: ${stderr}`))),
    ]),
    /** ms from writing `ping-N` to its standard input to its printing the technician's `pong-N`. */
    roundTrip(n) {
      const reply = `pong-${n}`;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`desk customer chat printed no ${reply}: ${errors.join('; ')} ${stderr}`)),
          TIMEOUT_MS,
        );
        const t0 = performance.now();
        waiting.set(reply, (t1) => {
          clearTimeout(timer);
          waiting.delete(reply);
          resolve(t1 - t0);
        });
        child.stdin.write(`ping-${n}\n`);
      });
    },
    stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
