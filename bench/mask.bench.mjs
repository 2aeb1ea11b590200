// `desk mask` throughput on a ~100 MB chat log, against `cat` of the same file as the floor.
// The log is generated from a fixed seed: timestamps, chat ids, names and messages, one line in 20
// carrying a phone number, e-mail address, card number, IBAN or SSN, and many more carrying the
// ticket ids, prices, dates, versions and IP addresses that must stay as they are.
// Needs the built CLI (`npm run build`).
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DESK } from './lib.mjs';

const TARGET_BYTES = 100e6;
const MB = 1e6;
const RUNS = 2;

/** Mulberry32: a small seeded PRNG, so every run masks the same log. */
function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = seeded(20240115);
const pick = (list) => list[Math.floor(random() * list.length)];
const int = (low, high) => low + Math.floor(random() * (high - low + 1));
const digits = (n) => Array.from({ length: n }, () => int(0, 9)).join('');

const PEOPLE = ['Alice Martin', 'Bob Nguyen', 'Chloé Dubois', 'Dmitri Ivanov', 'Emma Schmidt', 'Farid Haddad'];
const TECHNICIANS = ['tech.sam', 'tech.lee', 'tech.ana'];
const SMALL_TALK = [
  () => 'Hi, my printer on floor 3 is jammed again',
  () => `Ticket #${int(10000, 99999)} is still open, any news?`,
  () => `I paid $${int(1, 9)},${digits(3)}.${digits(2)} for the licence, order ORD-${digits(9)}`,
  () => `Outlook ${int(14, 16)}.0.${digits(5)}.${digits(5)} crashes since ${int(1, 28)}/0${int(1, 9)}/2024`,
  () => `VPN drops every ${int(2, 59)} minutes, gateway 10.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`,
  () => `Restarted at ${int(10, 23)}:${digits(2)}, build v${int(1, 9)}.${int(0, 20)}.${int(0, 99)}`,
  () => 'Thanks, that fixed it!',
  () => `Can you call me back before ${int(1, 12)}pm? It costs us €${int(10, 999)}.${digits(2)} per hour`,
  () => 'Which browser are you using? Please clear the cache and try again.',
  () => `See https://status.example.com/incidents/${digits(8)} for details`,
];
const SENSITIVE = [
  () => `you can reach me on +33 6 ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`,
  () => `my mobile is 07${digits(3)} ${digits(6)}, office (555) ${digits(3)}-${digits(4)}`,
  () =>
    `mail me at ${pick(['alice.martin', 'b.nguyen', 'chloe+it', 'dmitri'])}@${pick(['example.com', 'mail.example.org'])}`,
  () =>
    `card ${pick(['4111 1111 1111 1111', '5555-5555-5555-4444', '378282246310005', '6011111111111117'])} exp 0${int(1, 9)}/27`,
  () => `IBAN ${pick(['DE89 3704 0044 0532 0130 00', 'GB29NWBK60161331926819', 'FR14 2004 1010 0505 0001 3M02 606'])}`,
  () => `SSN ${int(100, 665)}-${int(10, 99)}-${int(1000, 9999)} for the payroll form`,
];

const start = Date.UTC(2024, 0, 15, 8, 0, 0);

/** One line of the chat log: the `n`-th, at `seconds` after the start. */
function logLine(seconds) {
  const time = new Date(start + seconds * 1000).toISOString().replace('T', ' ').slice(0, 19);
  const author = random() < 0.5 ? pick(PEOPLE) : pick(TECHNICIANS);
  const message = random() < 1 / 20 ? pick(SENSITIVE)() : pick(SMALL_TALK)();
  return `${time} [chat ${int(1000, 99999)}] ${author}: ${message}\n`;
}

function writeLog(path) {
  const fd = openSync(path, 'w');
  let written = 0;
  let seconds = 0;
  while (written < TARGET_BYTES) {
    const lines = [];
    for (let i = 0; i < 10000; i++) lines.push(logLine((seconds += int(1, 30))));
    written += writeSync(fd, lines.join(''));
  }
  closeSync(fd);
}

/** Seconds one run of `command` takes, its standard input from `inputPath` (if any), its output discarded. */
function timeRun(command, args, inputPath) {
  const input = inputPath === undefined ? 'ignore' : openSync(inputPath, 'r');
  const output = openSync('/dev/null', 'w');
  const started = process.hrtime.bigint();
  const child = spawn(command, args, { stdio: [input, output, 'inherit'] });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      closeSync(output);
      if (input !== 'ignore') closeSync(input);
      if (code === 0) resolve(seconds);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}`));
    });
  });
}

if (!existsSync(new URL('../dist/cli.cjs', import.meta.url))) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'desk-mask-bench-'));
try {
  const log = join(dir, 'chat.log');
  writeLog(log);
  const size = statSync(log).size / MB;
  let mask = Infinity;
  let cat = Infinity;
  for (let i = 0; i < RUNS; i++) {
    cat = Math.min(cat, await timeRun('cat', [log]));
    mask = Math.min(mask, await timeRun(process.execPath, [DESK, 'mask'], log));
  }
  const maskRate = size / mask;
  const catRate = size / cat;
  console.log(
    `desk mask: ${maskRate.toFixed(1)} MB/s  cat: ${catRate.toFixed(0)} MB/s  ratio ${(catRate / maskRate).toFixed(1)}x of cat` +
      `  (${size.toFixed(1)} MB, best of ${RUNS})`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
