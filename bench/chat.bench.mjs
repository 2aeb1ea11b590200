// Live chat messages: customer → technician latency (p50/p99) with CHATS concurrent active chats
// (2 × CHATS WebSocket clients) at an offered RATE messages/s, and saturation (durable messages/s),
// on SQLite and PostgreSQL, each against a bare relay measured in the same run: the same clients
// and load (an HTTP POST per message, a WebSocket per client) through node:http + ws with no
// storage and no framework. Desk acknowledges and delivers a message only after its commit.
// Also: server memory per connected client, and desk's figures with group commit turned off.
//   CHATS=1000 RATE=1000 SECONDS=10 node bench/chat.bench.mjs
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PG_URL } from './lib.mjs';
import { CHATS, RATE, SAT_CONCURRENCY, SAT_SECONDS, SECONDS, agent, line, runDesk } from './chat-lib.mjs';

const dir = mkdtempSync(join(tmpdir(), 'desk-chat-bench-'));
const schemas = [];
const dropSchemas = async () => {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  for (const s of schemas) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
  await client.end();
};
const pgArgs = () => {
  const s = `bench_${randomBytes(4).toString('hex')}`;
  schemas.push(s);
  return ['--postgres', PG_URL, '--postgres-schema', s];
};

try {
  console.log(
    `${CHATS} active chats (${2 * CHATS} WebSocket clients), ${RATE} messages/s offered for ${SECONDS} s; saturation with ${SAT_CONCURRENCY} senders for ${SAT_SECONDS} s`,
  );
  console.log('(each desk figure is compared with a bare relay measured right before it, after desk was set up)');
  const only = (process.env.DBS ?? 'sqlite,postgres,sqlite-nobatch').split(',');
  for (const [label, args, env] of [
    ['sqlite', ['--db', join(dir, 'a.db')], {}],
    ['postgres', pgArgs(), {}],
    ['sqlite-nobatch', ['--db', join(dir, 'b.db')], { DESK_CHAT_MAX_BATCH: '1' }],
    ['postgres-nobatch', pgArgs(), { DESK_CHAT_MAX_BATCH: '1' }],
  ]) {
    if (!only.includes(label)) continue;
    const r = await runDesk(label, args, env);
    line(`  bare relay (floor) latency customer → technician`, r.floor.lat);
    console.log(
      `  bare relay saturation: ${r.floor.sat.perSecond.toFixed(0)} messages/s (${r.floor.sat.errors} errors); memory per client ${r.floor.memory.toFixed(1)} KB`,
    );
    line(`desk ${label} latency customer → technician (committed before delivery)`, r.lat, r.floor.lat);
    console.log(
      `desk ${label} saturation: ${r.sat.perSecond.toFixed(0)} durable messages/s (${r.sat.errors} errors) = ${((100 * r.sat.perSecond) / r.floor.sat.perSecond).toFixed(0)}% of the relay (target >= 25%); memory per client ${r.memory.toFixed(1)} KB`,
    );
  }
} finally {
  await agent.close();
  await dropSchemas().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
}
