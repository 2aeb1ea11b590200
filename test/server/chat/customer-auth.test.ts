/** Customer sessions: kept apart from technician tokens, identity codes limited. */
import { describe, expect, it } from 'vitest';
import type { DbKind } from '../../helpers/desk.js';
import { chatDeskPerTest } from './chat-desk.js';

describe.each<DbKind>(['sqlite', 'postgres'])('customer chat credentials (%s)', (kind) => {
  const desk = chatDeskPerTest(kind);

  it('keeps technician and customer credentials apart, and limits identity codes', async () => {
    const { h, company } = desk;
    const cust = await h.customer(company, 'Sep Customer');
    expect((await h.call(cust.token, 'GET', '/v1/chats')).status).toBe(401);
    expect((await h.call(h.adminToken, 'GET', '/v1/customer/chats')).status).toBe(401);
    const wrong = await h.call('', 'POST', '/v1/customer/verify', { email: cust.email, code: '000000' });
    expect(wrong.status).toBe(400);
    // Unknown addresses get the same answer as known ones.
    expect((await h.call('', 'POST', '/v1/customer/login', { email: 'nobody@nowhere.example' })).status).toBe(202);
    let last = 0;
    for (let i = 0; i < 6; i++) last = (await h.call('', 'POST', '/v1/customer/login', { email: cust.email })).status;
    expect(last).toBe(429);
    const limited = await h.call('', 'POST', '/v1/customer/login', { email: cust.email });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Five wrong codes kill the code.
    await h.advance(16 * 60_000);
    await h.ok('', 'POST', '/v1/customer/login', { email: cust.email });
    const { code } = await h.ok(h.adminToken, 'GET', `/v1/admin/contacts/code?email=${encodeURIComponent(cust.email)}`);
    const bad = code === '999999' ? '999998' : '999999';
    const answers: number[] = [];
    for (let i = 0; i < 5; i++)
      answers.push((await h.call('', 'POST', '/v1/customer/verify', { email: cust.email, code: bad })).status);
    expect(answers).toEqual([400, 400, 400, 400, 429]);
    expect((await h.call('', 'POST', '/v1/customer/verify', { email: cust.email, code })).status).toBe(400);
  });
});
