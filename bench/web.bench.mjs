// The customer web portal, each figure against a baseline measured in the same run on the same server:
// 1. Page weight: the bytes on the wire (Accept-Encoding: gzip, headers included) of the chat page
//    (index.html and the scripts and style sheets it loads) and of the widget (widget.js, the
//    embed.html it opens and what that loads), against a one-line HTML page.
// 2. Navigation to an interactive chat page in headless Chromium for a signed-in customer (the
//    start-a-chat button, or with an open chat the composer, in the DOM and enabled), against
//    navigation to the one-line page until its load event: medians of RUNS interleaved runs, with
//    the browser's cache (a returning customer: the hashed assets are cached for a year) and without.
// 3. Message round trip: the page's composer sends, the technician's event stream (a WebSocket
//    client) sees the message and the technician answers, the page's transcript shows the answer;
//    against the same round trip through `desk customer chat` (a child process), interleaved,
//    ROUND_TRIPS of each, p50 and p99. Also, to tell the portal's share from the browser's: the
//    round trip of a plain script (fetch + WebSocket) in the one-line page of the same browser.
// The one-line page is a file written into a copy of the built portal the server serves (see
// webRootCopy in bench/web-lib.mjs): no route exists for it.
//   RUNS=11 ROUND_TRIPS=100 node bench/web.bench.mjs
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { init, percentile, report } from './lib.mjs';
import {
  FLOOR_PAGE,
  activeChat,
  call,
  answeringTechnician,
  assetsOf,
  codeFor,
  customerToken,
  setupDesk,
  startWebServer,
  webRootCopy,
  wireGet,
} from './web-lib.mjs';
import {
  customerCli,
  openBrowser,
  openScriptClient,
  pageRoundTrip,
  requestsBeforeReady,
  signIn,
  timeNavigation,
} from './web-clients.mjs';

const RUNS = Number(process.env.RUNS ?? 11);
const ROUND_TRIPS = Number(process.env.ROUND_TRIPS ?? 100);
const WARM_UP = 3;
// The technician and each customer may send 60 messages in 3 s: a pause keeps them well under it.
const PAUSE_MS = 50;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Bytes on the wire of a page and everything its HTML loads (`extra`: pages it opens besides). */
async function weight(url, paths) {
  const files = [];
  for (const path of paths) {
    const res = await wireGet(url, path);
    files.push(res);
    if (path.endsWith('.html')) files.push(...(await Promise.all(assetsOf(res.text).map((a) => wireGet(url, a)))));
  }
  return files;
}

function describe(files) {
  return files.map((f) => `${f.path.replace(/^\/assets\//, '')} ${f.wire} (${f.encoding})`).join(', ');
}
const total = (files) => files.reduce((sum, f) => sum + f.wire, 0);

async function pageWeight(url) {
  const floor = total(await weight(url, [`/${FLOOR_PAGE}`]));
  const chat = await weight(url, ['/index.html']);
  const widgetJs = await wireGet(url, '/widget.js');
  if (!widgetJs.text.includes('/embed.html')) throw new Error('widget.js does not open /embed.html');
  const widget = [widgetJs, ...(await weight(url, ['/embed.html']))];
  console.log(`  chat page: ${describe(chat)}`);
  console.log(`  widget: ${describe(widget)}`);
  report('chat page weight (gzip, on the wire)', total(chat), 'bytes', 'one-line page', floor);
  report('widget weight (gzip, on the wire)', total(widget), 'bytes', 'one-line page', floor);
}

/** Median navigation times to the portal's path and to the one-line page, interleaved. */
async function navigation(page, url, path, label, cached) {
  await page.setCacheEnabled(cached);
  const subject = [];
  const floor = [];
  for (let i = 0; i < WARM_UP + RUNS; i++) {
    const f = await timeNavigation(page, url, `/${FLOOR_PAGE}`);
    const s = await timeNavigation(page, url, path);
    if (i < WARM_UP) continue;
    floor.push(f);
    subject.push(s);
  }
  report(
    `navigation → interactive chat page (${label}, ${cached ? 'cached' : 'no cache'}), median of ${RUNS}`,
    percentile(subject, 50),
    'ms',
    'one-line page loaded',
    percentile(floor, 50),
    '<= 1.5x',
  );
  console.log(`  (the last run's requests before it was usable, ms: ${(await requestsBeforeReady(page)).join(', ')})`);
}

/** Interleaved round trips: the portal, `desk customer chat`, and a plain script in a page of the same browser. */
async function roundTrips(page, cli, script, scriptChat) {
  const web = [];
  const term = [];
  const plain = [];
  for (let i = 0; i < WARM_UP + ROUND_TRIPS; i++) {
    const a = await pageRoundTrip(page, 3 * i);
    await sleep(PAUSE_MS);
    const b = await cli.roundTrip(3 * i + 1);
    await sleep(PAUSE_MS);
    const c = await script.roundTrip(scriptChat, 3 * i + 2);
    await sleep(PAUSE_MS);
    if (i < WARM_UP) continue;
    web.push(a);
    term.push(b);
    plain.push(c);
  }
  const base = 'desk customer chat';
  for (const p of [50, 99]) {
    report(
      `round trip portal → technician → portal p${p} (${ROUND_TRIPS})`,
      percentile(web, p),
      'ms',
      `${base} p${p}`,
      percentile(term, p),
      '<= 1.2x',
    );
  }
  for (const p of [50, 99]) {
    report(
      `  (the same browser without the portal: fetch + WebSocket from a one-line page, p${p})`,
      percentile(plain, p),
      'ms',
      `${base} p${p}`,
      percentile(term, p),
    );
  }
}

const dir = mkdtempSync(join(tmpdir(), 'desk-web-bench-'));
const stops = [];
try {
  const dbPath = join(dir, 'desk.db');
  const adminToken = init(['--db', dbPath]);
  const server = await startWebServer(dbPath, webRootCopy(dir));
  stops.push(() => server.stop());
  const { url } = server;

  await pageWeight(url);

  const { tech, contacts } = await setupDesk(url, adminToken, ['Mel', 'Ivy', 'Pat']);
  const { browser, page, errors } = await openBrowser();
  stops.push(() => browser.close());
  await signIn(page, url, contacts.Mel.email, (email) => codeFor(url, adminToken, email));
  await navigation(page, url, '/chat', 'start form', true);
  await navigation(page, url, '/chat', 'start form', false);

  const token = (name) => customerToken(url, adminToken, contacts[name].email);
  const [melToken, ivyToken, patToken] = [await token('Mel'), await token('Ivy'), await token('Pat')];
  const melChat = await activeChat(url, tech.token, contacts.Mel.id, melToken);
  const ivyChat = await activeChat(url, tech.token, contacts.Ivy.id, ivyToken);
  const patChat = await activeChat(url, tech.token, contacts.Pat.id, patToken);
  await navigation(page, url, '/chat', 'open chat', true);

  const technician = await answeringTechnician(url, tech.token, melChat);
  stops.push(() => technician.stop());
  mkdirSync(join(dir, 'config'));
  const cli = customerCli(url, ivyToken, ivyChat, join(dir, 'config'));
  stops.push(() => cli.stop());
  const { seq } = await call(url, patToken, 'GET', `/v1/customer/chats/${patChat}`);
  const script = await openScriptClient(browser, url, patToken, seq);
  await cli.started;
  await page.setCacheEnabled(true);
  await timeNavigation(page, url, '/chat');
  await roundTrips(page, cli, script, patChat);
  if (technician.failures.length) throw technician.failures[0];
  if (errors.length) throw new Error(`the page failed: ${errors.join('; ')}`);
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  for (const stop of stops.reverse())
    await Promise.resolve()
      .then(stop)
      .catch(() => {});
  rmSync(dir, { recursive: true, force: true });
}
