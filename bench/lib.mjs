// Shared helpers for benchmarks: timing child processes, percentiles, servers.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const DESK = fileURLToPath(new URL('../bin/desk.js', import.meta.url));
export const PG_URL = process.env.DESK_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Wall time of one run of a command, in ms. */
export function timeRun(cmd, args, env = process.env) {
  const start = process.hrtime.bigint();
  const res = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${res.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Median of `n` interleaved runs of a command and its floor. */
export function compare(n, subject, floor) {
  const a = [];
  const b = [];
  for (let i = 0; i < n; i++) {
    a.push(timeRun(...subject));
    b.push(timeRun(...floor));
  }
  return { subject: percentile(a, 50), floor: percentile(b, 50) };
}

export function report(name, value, unit, baselineName, baseline, target) {
  const ratio = value / baseline;
  const t = target ? `  (target ${target})` : '';
  console.log(
    `${name}: ${value.toFixed(2)} ${unit}  ${baselineName}: ${baseline.toFixed(2)} ${unit}  ratio ${ratio.toFixed(2)}x${t}`,
  );
  return ratio;
}

/**
 * Resolves once a child process prints `listening on URL`, with that URL, its pid and a stop
 * function (SIGTERM, then wait for exit); rejects if it exits first.
 */
export function listening(child, what) {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m)
        resolve({
          url: m[1],
          pid: child.pid,
          stop: () =>
            new Promise((r) => {
              child.on('exit', r);
              child.kill('SIGTERM');
            }),
        });
    });
    child.on('exit', (code) => reject(new Error(`${what} exited ${code}`)));
  });
}

/** Node flags for benchmark servers, from BENCH_SERVER_NODE_ARGS (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`). */
export const SERVER_NODE_ARGS = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);

/** Starts `desk server` on a free port; resolves with its URL and a stop function. */
export function startServer(args, env = process.env) {
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, DESK, 'server', '--port', '0', '--quiet', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env,
  });
  return listening(child, 'server');
}

export function init(dbArgs) {
  const res = spawnSync(
    process.execPath,
    [DESK, 'server', 'init', ...dbArgs, '--name', 'Bench', '--email', 'bench@example.com', '--json'],
    {
      encoding: 'utf8',
    },
  );
  if (res.status !== 0) throw new Error(res.stderr);
  return JSON.parse(res.stdout).token;
}
