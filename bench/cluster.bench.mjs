// Scale-out: durable chat messages per second and customer → technician latency with 1, 2 and 3
// `desk server` nodes on one PostgreSQL database at CHATS concurrent chats, against the single-node
// SQLite figure measured in the same run. With several nodes each chat's technician listens on one
// node and its customer sends through another, so every message crosses nodes (NOTIFY + event log).
//   CHATS=1000 RATE=1000 SECONDS=10 node bench/cluster.bench.mjs
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PG_URL, init } from './lib.mjs';
import { CHATS, RATE, SECONDS, agent, close, latency, saturation, setupDesk, startDesk } from './chat-lib.mjs';

async function measure(label, dbArgs, nodes) {
  const adminToken = init(dbArgs);
  const servers = [];
  for (let i = 0; i < nodes; i++) servers.push(await startDesk([...dbArgs, '--node-name', `n${i + 1}`]));
  try {
    const setup = await setupDesk(servers, adminToken);
    const lat = await latency(setup, label);
    const sat = await saturation(setup, label);
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
  const base = await measure('sqlite', ['--db', join(dir, 'one.db')], 1);
  const show = (name, r) =>
    console.log(
      `${name}: ${r.sat.perSecond.toFixed(0)} durable messages/s (${(r.sat.perSecond / base.sat.perSecond).toFixed(2)}x of SQLite)  ` +
        `p50 ${r.lat.p50.toFixed(1)} ms  p99 ${r.lat.p99.toFixed(1)} ms (${(r.lat.p99 / base.lat.p99).toFixed(2)}x of SQLite)  ` +
        `${r.lat.delivered} delivered at ${r.lat.achieved.toFixed(0)}/s`,
    );
  show('SQLite, 1 node (baseline)', base);
  for (const n of [1, 2, 3]) show(`PostgreSQL, ${n} node${n > 1 ? 's' : ''}`, await measure(`pg${n}`, pgArgs(), n));
} finally {
  await agent.close();
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  await client.end();
  rmSync(dir, { recursive: true, force: true });
}
