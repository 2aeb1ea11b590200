/**
 * Live chat across three `desk server` processes on one PostgreSQL schema:
 * parties on different nodes, a pick-mode race, and a node killed mid-traffic
 * whose clients and deadlines carry on elsewhere.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventLog } from '../helpers/chat-api.js';
import { ServerProcess, TestDatabase, initAdmin } from '../helpers/desk.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- JSON answers are read loosely here */

class Cluster {
  readonly db = new TestDatabase('postgres');
  readonly nodes = ['a', 'b', 'c'].map(
    (n) => new ServerProcess(this.db, ['--quiet', '--test-clock', '--node-name', n]),
  );
  adminToken = '';
  private alive = new Set([0, 1, 2]);

  async start(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.start()));
    this.adminToken = await initAdmin(this.db.flags);
  }

  async close(): Promise<void> {
    for (const n of this.nodes) await n.stop();
    await this.db.drop();
  }

  async kill(i: number): Promise<void> {
    this.alive.delete(i);
    await this.nodes[i]!.stop('SIGKILL');
  }

  async call(
    node: number,
    token: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: any }> {
    const res = await fetch(this.nodes[node]!.url + path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  async ok(node: number, token: string, method: string, path: string, body?: unknown): Promise<any> {
    const res = await this.call(node, token, method, path, body);
    if (res.status >= 300)
      throw new Error(`${method} ${path} on node ${node}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async technician(node: number, name: string, company: number, available = true) {
    const t = await this.ok(node, this.adminToken, 'POST', '/v1/technicians', {
      name,
      email: `${name.toLowerCase()}@example.com`,
    });
    await this.ok(node, this.adminToken, 'POST', '/v1/grants', { technicianId: t.id, companyId: company });
    if (available) await this.ok(node, t.token, 'PUT', '/v1/status', { state: 'available' });
    return { id: t.id as number, token: t.token as string };
  }

  async customer(node: number, company: number, name: string) {
    const email = `${name.toLowerCase()}@customer.example`;
    await this.ok(node, this.adminToken, 'POST', '/v1/contacts', { companyId: company, name, email });
    await this.ok(node, '', 'POST', '/v1/customer/login', { email });
    const { code } = await this.ok(
      node,
      this.adminToken,
      'GET',
      `/v1/admin/contacts/code?email=${encodeURIComponent(email)}`,
    );
    const session = await this.ok(node, '', 'POST', '/v1/customer/verify', { email, code });
    return { token: session.token as string };
  }

  stream(node: number, token: string, path = '/v1/events'): EventLog {
    return new EventLog(`${this.nodes[node]!.url.replace(/^http/, 'ws')}${path}?since=0`, token);
  }

  /** Moves every live node's manual clock forward; due deadlines fire before each answer. */
  async advance(ms: number): Promise<void> {
    for (const i of this.alive) await this.ok(i, this.adminToken, 'PUT', '/v1/test/clock', { advanceMs: ms });
  }
}

// Three server nodes share two cores with PostgreSQL: a loaded machine needs more than the default 30 s.
describe('live chat across three nodes', { timeout: 120_000 }, () => {
  const cluster = new Cluster();
  let company = 0;

  beforeAll(async () => {
    await cluster.start();
    company = (await cluster.ok(0, cluster.adminToken, 'POST', '/v1/companies', { name: 'Acme' })).id;
    await cluster.ok(0, cluster.adminToken, 'POST', '/v1/wrapups', { name: 'Resolved' });
    await cluster.ok(0, cluster.adminToken, 'POST', '/v1/wrapups', { name: 'Transferred' });
  });
  afterAll(async () => {
    await cluster.close();
  });

  it('runs a whole chat with every party on a different node', async () => {
    const queue = await cluster.ok(0, cluster.adminToken, 'POST', '/v1/queues', {
      name: 'spread',
      mode: 'offer',
      offerTimeoutMs: 60_000,
    });
    const sam = await cluster.technician(1, 'Sam', company);
    const kim = await cluster.technician(2, 'Kim', company, false);
    await cluster.ok(0, cluster.adminToken, 'POST', `/v1/queues/${queue.id}/members`, { add: [sam.id] });
    const cust = await cluster.customer(0, company, 'Mel');
    const samEvents = cluster.stream(1, sam.token);
    const kimEvents = cluster.stream(2, kim.token);
    const custEvents = cluster.stream(0, cust.token, '/v1/customer/events');
    await Promise.all([samEvents.ready, kimEvents.ready, custEvents.ready]);

    const req = await cluster.ok(0, cust.token, 'POST', '/v1/customer/chats', {
      queue: 'spread',
      message: 'Printer on fire',
    });
    const chatId = req.chat.id as number;
    await samEvents.waitFor((e) => e.type === 'chat.offered' && e.data.chatId === chatId, 'offer on node b');
    await cluster.ok(1, sam.token, 'POST', `/v1/chats/${chatId}/accept`);
    const m1 = await cluster.ok(1, sam.token, 'POST', `/v1/chats/${chatId}/messages`, {
      body: 'Unplug it',
      clientId: 'x1',
    });
    await custEvents.waitFor((e) => e.type === 'chat.message' && e.data.message.id === m1.id, 'message on node a');
    const m2 = await cluster.ok(0, cust.token, 'POST', `/v1/customer/chats/${chatId}/messages`, { body: 'Done' });
    await samEvents.waitFor((e) => e.type === 'chat.message' && e.data.message.id === m2.id, 'reply on node b');

    await cluster.ok(1, sam.token, 'POST', `/v1/chats/${chatId}/transfer`, {
      toTechnicianId: kim.id,
      reason: 'Transferred',
    });
    await kimEvents.waitFor((e) => JSON.stringify(e.data).includes(`"chatId":${chatId}`), 'transfer on node c');
    const t = await cluster.ok(2, kim.token, 'POST', `/v1/chats/${chatId}/accept`);
    expect(t.chat.owner.id).toBe(kim.id);
    const ended = await cluster.ok(2, kim.token, 'POST', `/v1/chats/${chatId}/end`, { reason: 'Resolved' });
    expect(ended.state).toBe('ended');
    await custEvents.waitFor(
      (e) => e.type === 'chat.updated' && e.data.customerChat?.state === 'ended',
      'end on node a',
    );
    const detail = await cluster.ok(0, kim.token, 'GET', `/v1/chats/${chatId}`);
    expect(detail.messages.map((m: { body: string }) => m.body)).toEqual(
      expect.arrayContaining(['Printer on fire', 'Unplug it', 'Done']),
    );
    for (const s of [samEvents, kimEvents, custEvents]) s.close();
    await cluster.ok(1, sam.token, 'PUT', '/v1/status', { state: 'offline' });
  });

  it('pick mode: 50 requests, 10 technicians on 3 nodes, every request owned exactly once', async () => {
    const queue = await cluster.ok(0, cluster.adminToken, 'POST', '/v1/queues', { name: 'race', mode: 'pick' });
    const techs: Array<{ id: number; token: string }> = [];
    for (let i = 0; i < 10; i++) techs.push(await cluster.technician(i % 3, `Racer${i}`, company));
    await cluster.ok(0, cluster.adminToken, 'POST', `/v1/queues/${queue.id}/members`, { add: techs.map((t) => t.id) });
    const chatIds: number[] = [];
    for (let i = 0; i < 50; i++) {
      const cust = await cluster.customer(i % 3, company, `Picker${i}`);
      chatIds.push((await cluster.ok(i % 3, cust.token, 'POST', '/v1/customer/chats', { queue: 'race' })).chat.id);
    }
    const attempts = await Promise.all(
      chatIds.flatMap((chatId) =>
        techs.map(async (t, i) => ({
          chatId,
          tech: t.id,
          status: (await cluster.call(i % 3, t.token, 'POST', `/v1/chats/${chatId}/take`)).status,
        })),
      ),
    );
    for (const chatId of chatIds) {
      const wins = attempts.filter((a) => a.chatId === chatId && a.status < 300);
      expect(wins).toHaveLength(1);
      const detail = await cluster.ok(0, cluster.adminToken, 'GET', `/v1/chats/${chatId}`);
      expect(detail.owner.id).toBe(wins[0]!.tech);
    }
    for (const t of techs) await cluster.ok(0, t.token, 'PUT', '/v1/status', { state: 'offline' });
  });

  it('a node killed mid-traffic loses no acknowledged message and its deadlines fire on the survivors', async () => {
    const queue = await cluster.ok(0, cluster.adminToken, 'POST', '/v1/queues', {
      name: 'survive',
      mode: 'offer',
      offerTimeoutMs: 30_000,
    });
    const ann = await cluster.technician(0, 'Ann', company);
    const bob = await cluster.technician(1, 'Bob', company, false);
    await cluster.ok(0, cluster.adminToken, 'POST', `/v1/queues/${queue.id}/members`, { add: [ann.id, bob.id] });
    // A chat in progress, with acknowledged messages sent through node a.
    const cust = await cluster.customer(0, company, 'Survivor');
    const chat = (await cluster.ok(0, cust.token, 'POST', '/v1/customer/chats', { queue: 'survive' })).chat
      .id as number;
    await cluster.ok(0, ann.token, 'POST', `/v1/chats/${chat}/accept`);
    const acknowledged: string[] = [];
    for (let i = 0; i < 20; i++) {
      const body = `message ${i}`;
      await cluster.ok(0, cust.token, 'POST', `/v1/customer/chats/${chat}/messages`, { body, clientId: `s${i}` });
      acknowledged.push(body);
    }
    // A second request offered to Ann by node a: its offer timeout is a deadline node a created.
    const other = await cluster.customer(0, company, 'Waiting');
    const annEvents = cluster.stream(1, ann.token);
    const bobEvents = cluster.stream(2, bob.token);
    await Promise.all([annEvents.ready, bobEvents.ready]);
    const waiting = (await cluster.ok(0, other.token, 'POST', '/v1/customer/chats', { queue: 'survive' })).chat
      .id as number;
    await annEvents.waitFor((e) => e.type === 'chat.offered' && e.data.chatId === waiting, 'offer to Ann');
    await cluster.ok(1, bob.token, 'PUT', '/v1/status', { state: 'available' });
    await cluster.kill(0);

    // A resend of the last message through another node is stored once.
    await cluster.ok(1, cust.token, 'POST', `/v1/customer/chats/${chat}/messages`, {
      body: 'message 19',
      clientId: 's19',
    });
    const detail = await cluster.ok(2, ann.token, 'GET', `/v1/chats/${chat}`);
    const bodies = detail.messages.map((m: { body: string }) => m.body).filter((b: string) => b.startsWith('message '));
    expect(bodies).toEqual(acknowledged);

    // The offer to Ann times out on the survivors: Ann goes to RONA, Bob (on node b) gets the request.
    await cluster.advance(31_000);
    await bobEvents.waitFor((e) => e.type === 'chat.offered' && e.data.chatId === waiting, 'offer moved to Bob');
    const annStatus = await cluster.ok(1, ann.token, 'GET', '/v1/status');
    expect(JSON.stringify(annStatus)).toContain('rona');
    annEvents.close();
    bobEvents.close();
  });
});
