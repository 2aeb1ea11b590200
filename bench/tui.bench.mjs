// `desk tui` in a real pseudo-terminal (util-linux `script`):
// 1. start-up: time from `desk tui` to its first frame, and to its first full frame (header, queue and
//    status loaded from the server), against `node -e ""` measured in the same run (target <= 3.5x);
// 2. load: with 1,000 queued requests and 20 incoming chat messages per second, the TUI process's CPU,
//    the time from a message's arrival on the socket to the frame showing it, and from a keypress to
//    its frame; against the same TUI idle. Timings inside the TUI come from DESK_TUI_TRACE.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DESK, init, percentile, report, startServer, timeRun } from './lib.mjs';

if (spawnSync('script', ['--version']).status !== 0) {
  console.log('tui bench: skipped (needs `script` from util-linux for a pseudo-terminal)');
  process.exit(0);
}

const baseEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([k]) => k !== 'CI' && !k.startsWith('CI_') && !k.startsWith('DESK_') && k !== 'NO_COLOR',
  ),
);

/** `desk tui` in a terminal of its own; its output is what the terminal received. */
function openTui(env, cols, rows) {
  const start = performance.now();
  const cmd = `stty cols ${cols} rows ${rows}; exec ${JSON.stringify(process.execPath)} ${JSON.stringify(DESK)} tui`;
  const child = spawn('script', ['-qfec', cmd, '/dev/null'], {
    env: { ...baseEnv, TERM: 'xterm-256color', ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  const waiters = [];
  child.stdout.setEncoding('utf8').on('data', (d) => {
    out += d;
    for (const w of [...waiters]) {
      if (w.check(out)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(performance.now() - start);
      }
    }
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  return {
    child,
    /** ms from the start until the output so far satisfies `check`. */
    until(check, timeoutMs = 20_000) {
      if (check(out)) return Promise.resolve(performance.now() - start);
      return new Promise((resolve, reject) => {
        const w = { check, resolve };
        waiters.push(w);
        setTimeout(() => {
          if (waiters.includes(w)) reject(new Error(`tui: timed out; output so far:\n${out.slice(-2000)}`));
        }, timeoutMs).unref();
      });
    },
    keys: (s) => child.stdin.write(s),
    async quit() {
      child.stdin.write('q');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function api(server, token, method, path, body) {
  const res = await fetch(server + path, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

async function customerSession(server, admin, email) {
  await api(server, '', 'POST', '/v1/customer/login', { email });
  const code = await api(server, admin, 'GET', `/v1/admin/contacts/code?email=${encodeURIComponent(email)}`);
  return (await api(server, '', 'POST', '/v1/customer/verify', { email, code: code.code })).token;
}

/** Runs `fn` over `items` with `n` at a time. */
async function pool(items, n, fn) {
  let i = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (i < items.length) await fn(items[i++]);
    }),
  );
}

/** CPU seconds used by a process so far (user + system), from /proc. */
function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const stats = (xs) =>
  xs.length === 0
    ? 'n=0'
    : `n=${xs.length} p50 ${percentile(xs, 50).toFixed(1)} ms  p99 ${percentile(xs, 99).toFixed(1)} ms  max ${Math.max(...xs).toFixed(1)} ms`;

const dir = mkdtempSync(join(tmpdir(), 'desk-tui-bench-'));
const db = ['--db', join(dir, 'desk.db')];
const admin = init(db);
const server = await startServer(db);
try {
  const url = server.url;
  const company = await api(url, admin, 'POST', '/v1/companies', { name: 'Bench Co' });
  const tech = await api(url, admin, 'POST', '/v1/technicians', { name: 'Bench Tech', email: 'tech@bench.example' });
  await api(url, admin, 'POST', '/v1/grants', { technicianId: tech.id, companyId: company.id });
  await api(url, admin, 'POST', '/v1/tickets', {
    title: 'A ticket for the list',
    companyId: company.id,
    assigneeId: tech.id,
  });
  const env = { DESK_SERVER: url, DESK_TOKEN: tech.token };

  // ---------- 1. start-up
  const full = (o) =>
    o.includes('Bench Tech @') && o.includes('● live') && o.includes('Offline') && o.includes('Tickets (1)');
  const firstFrame = [];
  const firstFull = [];
  const floor = [];
  const RUNS = 10;
  // One run first to warm the file cache, not counted.
  for (let i = 0; i <= RUNS; i++) {
    const t = openTui(env, 80, 24);
    const a = await t.until((o) => o.includes('a accept · d decline'));
    const b = await t.until(full);
    await t.quit();
    const f = timeRun(process.execPath, ['-e', '']);
    if (i === 0) continue;
    firstFrame.push(a);
    firstFull.push(b);
    floor.push(f);
  }
  const floorMs = percentile(floor, 50);
  report('desk tui: first frame (median of 10)', percentile(firstFrame, 50), 'ms', 'node -e ""', floorMs);
  report('desk tui: first full frame, data loaded', percentile(firstFull, 50), 'ms', 'node -e ""', floorMs, '<= 3.5x');

  // ---------- 2. load
  const trace = join(dir, 'trace.json');
  const cols = 120;
  const rows = 40;
  const loadContact = await api(url, admin, 'POST', '/v1/contacts', {
    companyId: company.id,
    name: 'Load Customer',
    email: 'load@bench.example',
  });
  const customer = await customerSession(url, admin, 'load@bench.example');
  const tui = openTui({ ...env, DESK_TUI_TRACE: trace }, cols, rows);
  await tui.until(full);
  const pid = Number(readFileSync(`${trace}.pid`, 'utf8'));
  // A chat I am in, shown in the chat pane beside the queue.
  const started = await api(url, tech.token, 'POST', '/v1/chats', { contactId: loadContact.id });
  await api(url, customer, 'POST', `/v1/customer/chats/${started.chat.id}/accept`);
  await tui.until((o) => o.includes('#' + started.chat.id + ' Load'));
  tui.keys('2');
  await tui.until((o) => o.includes('press i to write'));

  let seq = 0;
  const send = () => {
    seq += 1;
    const body = `msg-${String(seq).padStart(5, '0')} from the load customer`;
    return api(url, customer, 'POST', `/v1/customer/chats/${started.chat.id}/messages`, { body }).catch((err) => {
      console.error(String(err));
    });
  };
  /** Messages at `perSecond` and a key every 250 ms for `ms`; returns the phase's window and CPU. */
  const phase = async (perSecond, ms) => {
    const from = Date.now();
    const cpu0 = cpuSeconds(pid);
    const t0 = performance.now();
    const sends = [];
    const msgTimer = perSecond > 0 ? setInterval(() => sends.push(send()), 1000 / perSecond) : undefined;
    let k = 0;
    const keyTimer = setInterval(() => tui.keys(k++ % 2 === 0 ? '1' : '2'), 250);
    await new Promise((r) => setTimeout(r, ms));
    clearInterval(msgTimer);
    clearInterval(keyTimer);
    const cpu = (cpuSeconds(pid) - cpu0) / ((performance.now() - t0) / 1000);
    await Promise.all(sends);
    await new Promise((r) => setTimeout(r, 300));
    return { from, to: Date.now(), cpu };
  };

  const idleCpu0 = cpuSeconds(pid);
  const idleT0 = performance.now();
  await new Promise((r) => setTimeout(r, 4000));
  const idleCpu = (cpuSeconds(pid) - idleCpu0) / ((performance.now() - idleT0) / 1000);
  const idle = await phase(2, 8000);

  // 1,000 requests waiting in the queue.
  const contacts = Array.from({ length: 1000 }, (_, i) => `q${i}@bench.example`);
  await pool(contacts, 8, async (email, i) => {
    await api(url, admin, 'POST', '/v1/contacts', { companyId: company.id, name: `Queued ${email}`, email });
    const token = await customerSession(url, admin, email);
    await api(url, token, 'POST', '/v1/customer/chats', { message: 'waiting in the queue' });
    void i;
  });
  await tui.until((o) => o.includes('0 for you · 1000 waiting'), 60_000);
  const load = await phase(20, 15_000);
  await tui.quit();

  const t = JSON.parse(readFileSync(trace, 'utf8'));
  const within = (xs, p) => xs.filter((x) => x.at >= p.from && x.at <= p.to).map((x) => x.ms);
  const frames = (p) => t.frames.filter((f) => f.at >= p.from && f.at <= p.to);
  const describe = (name, p, cpu) => {
    const fs = frames(p);
    const secs = (p.to - p.from) / 1000;
    const bytes = fs.reduce((n, f) => n + f.bytes, 0);
    console.log(
      `${name}: CPU ${(cpu * 100).toFixed(1)}%  frames ${(fs.length / secs).toFixed(1)}/s  ${Math.round(bytes / Math.max(1, fs.length))} bytes/frame`,
    );
    console.log(`  Ink layout and draw per frame: ${stats(within(t.renders, p))}`);
    console.log(`  message arrival -> frame: ${stats(within(t.messages, p))}`);
    console.log(`  keypress -> frame:        ${stats(within(t.keys, p))}`);
  };
  console.log(`idle TUI (no messages, ${cols}x${rows}): CPU ${(idleCpu * 100).toFixed(1)}%`);
  describe(`idle TUI + 2 messages/s (${cols}x${rows})`, idle, idle.cpu);
  describe(`1,000 queued + 20 messages/s (${cols}x${rows})`, load, load.cpu);
  console.log(`full-screen clears after the first frame: ${t.clears}`);
  const p99 = percentile(within(t.keys, load), 99);
  report('keypress -> frame p99 under load', p99, 'ms', 'one frame at 30 fps', 33.3, '<= 1x');
  report(
    'message -> frame p50 under load',
    percentile(within(t.messages, load), 50),
    'ms',
    'idle p50',
    Math.max(0.1, percentile(within(t.messages, idle), 50)),
  );
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
