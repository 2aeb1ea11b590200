// Scale-out: durable chat messages per second and customer → technician latency with 1, 2 and 3
// `desk server` nodes on one PostgreSQL database at CHATS concurrent chats, against the single-node
// SQLite figure measured in the same run. With several nodes each chat's technician listens on one
// node and its customer sends through another, so every message crosses nodes (NOTIFY + event log).
//   CHATS=1000 RATE=1000 SECONDS=10 node bench/cluster.bench.mjs
// Opt-in:
//   NODES=1,2        the PostgreSQL node counts to run (default 1,2,3); SQLITE=0 skips the SQLite baseline.
//   CPU_REPORT=1     per phase: CPU time of each node, of all `postgres` processes and of this client (from
//                    /proc, utime+stime), per delivered/acknowledged message, and the database's write
//                    transactions (xid delta) and WAL bytes per message. Database figures are machine-wide.
//   BENCH_NODE_CPUS="0" or "0;1"   pins node i (all its threads) to the i-th cpu list (the last one repeats).
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PG_URL, init } from './lib.mjs';
import {
  CHATS,
  RATE,
  SAT_SECONDS,
  SECONDS,
  agent,
  close,
  latency,
  saturation,
  setupDesk,
  startDesk,
} from './chat-lib.mjs';

const CPU_REPORT = process.env.CPU_REPORT === '1';
const NODE_CPUS = (process.env.BENCH_NODE_CPUS ?? '').split(';').filter(Boolean);
const NODES = (process.env.NODES ?? '1,2,3').split(',').map(Number);
const SQLITE = process.env.SQLITE !== '0';

/** utime+stime of a process (all its threads), in seconds; 0 if it is gone. */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
}

function postgresPids() {
  const pids = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'postgres') pids.push(Number(d));
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return pids;
}

async function snapshot(servers) {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  const { rows } = await client.query(
    "select pg_current_xact_id()::text::bigint as xid, pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint as wal",
  );
  await client.end();
  const cpu = process.cpuUsage();
  return {
    at: performance.now(),
    nodes: servers.map((s) => cpuSeconds(s.pid)),
    pg: new Map(postgresPids().map((p) => [p, cpuSeconds(p)])),
    client: (cpu.user + cpu.system) / 1e6,
    xid: Number(rows[0].xid),
    wal: Number(rows[0].wal),
    load: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
    // The machine's `cpu` line: user nice system idle iowait irq softirq steal (clock ticks).
    stat: readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number),
  };
}

/** Busy, idle and stolen (hypervisor) shares of all cores over a phase. */
function machine(a, b) {
  const d = b.map((v, i) => v - a[i]);
  const total = d.reduce((x, y) => x + y, 0) || 1;
  const pct = (v) => `${((100 * v) / total).toFixed(0)}%`;
  return `busy ${pct(d[0] + d[1] + d[2] + d[5] + d[6])} idle ${pct(d[3] + d[4])} steal ${pct(d[7])}`;
}

function cpuLine(label, phase, a, b, messages) {
  // A postgres process that exited during the phase is not counted; one that started is counted from 0.
  let pgCpu = 0;
  for (const [pid, t] of b.pg) pgCpu += t - (a.pg.get(pid) ?? 0);
  const nodes = b.nodes.map((t, i) => t - a.nodes[i]);
  const wall = (b.at - a.at) / 1000;
  const us = (s) => ((s / messages) * 1e6).toFixed(0);
  const nodeSum = nodes.reduce((x, y) => x + y, 0);
  console.log(
    `  [cpu ${label} ${phase}] ${messages} messages in ${wall.toFixed(1)} s (${(messages / wall).toFixed(0)}/s); ` +
      `CPU per message: nodes ${nodes.map(us).join(' + ')} = ${us(nodeSum)} us, postgres ${us(pgCpu)} us, client ${us(b.client - a.client)} us; ` +
      `cores busy: nodes ${nodes.map((t) => (t / wall).toFixed(2)).join(' ')}, postgres ${(pgCpu / wall).toFixed(2)}, client ${((b.client - a.client) / wall).toFixed(2)}; ` +
      `write transactions ${b.xid - a.xid - 1} (${((b.xid - a.xid - 1) / wall).toFixed(0)}/s, ${((b.xid - a.xid - 1) / messages).toFixed(2)} per message), ` +
      `WAL ${((b.wal - a.wal) / messages).toFixed(0)} B per message; ` +
      `machine: ${machine(a.stat, b.stat)}; load ${a.load} -> ${b.load}`,
  );
}

async function measure(label, dbArgs, nodes) {
  const adminToken = init(dbArgs);
  const servers = [];
  for (let i = 0; i < nodes; i++) {
    const s = await startDesk([...dbArgs, '--node-name', `n${i + 1}`]);
    servers.push(s);
    const cpus = NODE_CPUS[Math.min(i, NODE_CPUS.length - 1)];
    if (cpus) {
      const r = spawnSync('taskset', ['-apc', cpus, String(s.pid)], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`taskset: ${r.stderr}`);
    }
  }
  try {
    const setup = await setupDesk(servers, adminToken);
    const pgDb = dbArgs[0] === '--postgres';
    const s0 = CPU_REPORT && pgDb ? await snapshot(servers) : undefined;
    const lat = await latency(setup, label);
    const s1 = s0 ? await snapshot(servers) : undefined;
    const sat = await saturation(setup, label);
    const s2 = s0 ? await snapshot(servers) : undefined;
    if (s0) {
      cpuLine(label, 'latency', s0, s1, lat.delivered);
      cpuLine(label, 'saturation', s1, s2, sat.perSecond * SAT_SECONDS);
    }
    close(setup);
    return { lat, sat };
  } finally {
    for (const s of servers) await s.stop();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'desk-cluster-bench-'));
const schemas = [];
const pgArgs = () => {
  const s = `bench_${randomBytes(4).toString('hex')}`;
  schemas.push(s);
  return ['--postgres', PG_URL, '--postgres-schema', s];
};

try {
  console.log(`${CHATS} active chats, ${RATE} messages/s offered for ${SECONDS} s; messages committed before delivery`);
  const base = SQLITE ? await measure('sqlite', ['--db', join(dir, 'one.db')], 1) : undefined;
  const show = (name, r) =>
    console.log(
      `${name}: ${r.sat.perSecond.toFixed(0)} durable messages/s` +
        (base ? ` (${(r.sat.perSecond / base.sat.perSecond).toFixed(2)}x of SQLite)` : '') +
        `  p50 ${r.lat.p50.toFixed(1)} ms  p99 ${r.lat.p99.toFixed(1)} ms` +
        (base ? ` (${(r.lat.p99 / base.lat.p99).toFixed(2)}x of SQLite)` : '') +
        `  ${r.lat.delivered} delivered at ${r.lat.achieved.toFixed(0)}/s`,
    );
  if (base) show('SQLite, 1 node (baseline)', base);
  for (const n of NODES) show(`PostgreSQL, ${n} node${n > 1 ? 's' : ''}`, await measure(`pg${n}`, pgArgs(), n));
} finally {
  await agent.close();
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  await client.end();
  rmSync(dir, { recursive: true, force: true });
}
