/**
 * Revocation on a cluster: two `desk server` nodes on one PostgreSQL schema. A technician revoked
 * or a customer logged out through one node loses the event stream they hold open on the other; a
 * company taken from a technician stops its events there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREAM_CLOSE_REVOKED } from '../../src/core/events.js';
import { ServerProcess, TestDatabase, initAdmin } from '../helpers/desk.js';
import { Seed } from '../helpers/seed.js';
import { RawStream } from '../helpers/raw-stream.js';

describe('revocation across the nodes of a cluster', () => {
  const db = new TestDatabase('postgres');
  const nodes = [
    new ServerProcess(db, ['--quiet', '--node-name', 'a']),
    new ServerProcess(db, ['--quiet', '--node-name', 'b']),
  ];
  /** Requests to node a. */
  let seed: Seed;
  let company = 0;

  beforeAll(async () => {
    await Promise.all(nodes.map((n) => n.start()));
    const adminToken = await initAdmin(db.flags);
    seed = new Seed(() => nodes[0]!.url, adminToken);
    company = await seed.company('Acme');
  });
  afterAll(async () => {
    for (const n of nodes) await n.stop();
    await db.drop();
  });

  it('revoking a technician on node a closes their stream on node b', async () => {
    const sam = await seed.technician('Sam Cluster', { grant: [company] });
    const onB = new RawStream(nodes[1]!.url, sam.token);
    await onB.ready;
    await seed.admin('POST', `/v1/technicians/${sam.id}/revoke`);
    const closed = await onB.closedWithin();
    expect(closed.code).toBe(STREAM_CLOSE_REVOKED);
    expect(closed.reason).toMatch(/token was revoked/);
  });

  it('a company taken from a technician on node a stops its events on their stream on node b', async () => {
    const other = await seed.company('Other Co');
    const lee = await seed.technician('Lee Cluster', { grant: [company, other] });
    const onB = new RawStream(nodes[1]!.url, lee.token);
    await onB.ready;
    await seed.admin('DELETE', `/v1/technicians/${lee.id}/grants/${company}`);
    await seed.ticket(company, { title: 'no longer yours' });
    await seed.ticket(other, { title: 'still yours' });
    await onB.waitFor((m) => m.type === 'event' && m.event.data.ticket?.title === 'still yours', 'the later ticket');
    const events = onB.events;
    const lost = events.findIndex((e) => e.type === 'grant.revoked');
    expect(lost).toBeGreaterThanOrEqual(0);
    expect(events.slice(lost + 1).filter((e) => e.companyId === company)).toEqual([]);
    onB.close();
  });

  it('a customer logging out on node a loses their stream on node b', async () => {
    const cleo = await seed.customer(company, 'Cleo Cluster');
    const onB = new RawStream(nodes[1]!.url, cleo.token, '/v1/customer/events');
    await onB.ready;
    await seed.ok(cleo.token, 'POST', '/v1/customer/logout');
    const closed = await onB.closedWithin();
    expect(closed.code).toBe(STREAM_CLOSE_REVOKED);
    expect(closed.reason).toMatch(/session has ended/);
  });
});
