/** Chat messages and files: stored once per client id, committed in batches, uploads checked by content. */
import { describe, expect, it } from 'vitest';
import type { DbKind } from '../../helpers/desk.js';
import { batchStats } from '../../../src/server/services/chat/messages.js';
import { samplePng } from '../../helpers/sample-files.js';
import { chatDeskPerTest } from './chat-desk.js';

describe.each<DbKind>(['sqlite', 'postgres'])('chat messages and files (%s)', (kind) => {
  const desk = chatDeskPerTest(kind);

  it('stores a message resent with the same client id once', async () => {
    const { h, company } = desk;
    const t = await h.technician('Ida Idem', { grant: [company], available: true });
    const cust = await h.customer(company, 'Idem Customer');
    const req = await h.ok(cust.token, 'POST', '/v1/customer/chats', {});
    await h.ok(t.token, 'POST', `/v1/chats/${req.chat.id}/accept`);
    const sends = await Promise.all(
      [1, 2, 3, 4].map(() =>
        h.ok(cust.token, 'POST', `/v1/customer/chats/${req.chat.id}/messages`, { body: 'once', clientId: 'same-1' }),
      ),
    );
    expect(new Set(sends.map((s) => s.id)).size).toBe(1);
    const again = await h.ok(t.token, 'POST', `/v1/chats/${req.chat.id}/messages`, {
      body: 'tech once',
      clientId: 'same-1',
    });
    const again2 = await h.ok(t.token, 'POST', `/v1/chats/${req.chat.id}/messages`, {
      body: 'tech once',
      clientId: 'same-1',
    });
    expect(again2.id).toBe(again.id);
    const detail = await h.ok(t.token, 'GET', `/v1/chats/${req.chat.id}`);
    expect(detail.messages.filter((m: { body: string }) => m.body === 'once')).toHaveLength(1);
    expect(detail.messages.filter((m: { body: string }) => m.body === 'tech once')).toHaveLength(1);
    await h.ok(t.token, 'POST', `/v1/chats/${req.chat.id}/end`, { reason: 'Resolved' });
    await h.ok(t.token, 'PUT', '/v1/status', { state: 'offline' });
  });

  it('commits concurrent messages together, each acknowledged once stored', async () => {
    const { h, company } = desk;
    const t = await h.technician('Gus Group', { grant: [company], available: true });
    const custs = await Promise.all([1, 2, 3, 4].map((i) => h.customer(company, `Group Customer ${i}`)));
    const chats: number[] = [];
    for (const c of custs) {
      const req = await h.ok(c.token, 'POST', '/v1/customer/chats', {});
      await h.ok(t.token, 'POST', `/v1/chats/${req.chat.id}/accept`);
      chats.push(req.chat.id);
    }
    const before = batchStats(h.server.store);
    const sends = await Promise.all(
      Array.from({ length: 80 }, (_, i) =>
        h.ok(custs[i % 4]!.token, 'POST', `/v1/customer/chats/${chats[i % 4]}/messages`, { body: `burst ${i}` }),
      ),
    );
    const after = batchStats(h.server.store);
    expect(after.messages - before.messages).toBe(80);
    expect(after.batches - before.batches).toBeLessThan(80);
    for (const [n, chatId] of chats.entries()) {
      const detail = await h.ok(t.token, 'GET', `/v1/chats/${chatId}`);
      const mine = sends.filter((_, i) => i % 4 === n).map((m) => m.id);
      expect(detail.messages.filter((m: { id: number }) => mine.includes(m.id))).toHaveLength(20);
    }
    for (const chatId of chats) await h.ok(t.token, 'POST', `/v1/chats/${chatId}/end`, { reason: 'Resolved' });
    await h.ok(t.token, 'PUT', '/v1/status', { state: 'offline' });
  });

  it('takes files checked by content, refuses other types and serves them as downloads', async () => {
    const { h, company } = desk;
    const t = await h.technician('Fay Files', { grant: [company], available: true });
    const cust = await h.customer(company, 'File Customer');
    const req = await h.ok(cust.token, 'POST', '/v1/customer/chats', {});
    await h.ok(t.token, 'POST', `/v1/chats/${req.chat.id}/accept`);
    const upload = (token: string, path: string, name: string, data: Buffer) =>
      fetch(`${h.server.url}${path}?name=${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
        body: data,
      });
    const png = samplePng(100, 1);
    const ok = await upload(cust.token, `/v1/customer/chats/${req.chat.id}/files`, 'screen shot.png', png);
    expect(ok.status).toBe(201);
    const m = (await ok.json()) as { id: number; file: { id: number; name: string; type: string; size: number } };
    expect(m.file).toMatchObject({ name: 'screen shot.png', type: 'image/png', size: png.length });
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0)]);
    expect((await upload(t.token, `/v1/chats/${req.chat.id}/files`, 'setup.png', exe)).status).toBe(400);
    expect((await upload(t.token, `/v1/chats/${req.chat.id}/files`, 'fake.pdf', png)).status).toBe(400);
    const text = await upload(t.token, `/v1/chats/${req.chat.id}/files`, 'notes.log', Buffer.from('line 1\nline 2\n'));
    expect(text.status).toBe(201);
    const big = Buffer.alloc(20 * 1024 * 1024 + 1, 0x41);
    expect((await upload(t.token, `/v1/chats/${req.chat.id}/files`, 'big.txt', big)).status).toBe(400);
    const down = await fetch(`${h.server.url}/v1/chats/${req.chat.id}/files/${m.file.id}`, {
      headers: { authorization: `Bearer ${t.token}` },
    });
    expect(down.status).toBe(200);
    expect(down.headers.get('content-disposition')).toMatch(/^attachment; filename="screen shot.png"/);
    expect(down.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await down.arrayBuffer()).equals(png)).toBe(true);
    // Another customer cannot fetch it.
    const other = await h.customer(company, 'Other Customer');
    const denied = await fetch(`${h.server.url}/v1/customer/chats/${req.chat.id}/files/${m.file.id}`, {
      headers: { authorization: `Bearer ${other.token}` },
    });
    expect(denied.status).toBe(404);
    await h.ok(t.token, 'POST', `/v1/chats/${req.chat.id}/end`, { reason: 'Resolved' });
    await h.ok(t.token, 'PUT', '/v1/status', { state: 'offline' });
  });
});
