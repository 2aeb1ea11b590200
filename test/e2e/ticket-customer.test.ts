import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatHarness } from '../helpers/chat-api.js';

describe('the requester rates and comments on their ticket through the customer API (SQLite)', () => {
  let h: ChatHarness;
  beforeAll(async () => {
    h = await ChatHarness.start('sqlite');
  });
  afterAll(async () => {
    await h?.close();
  });

  it('records satisfaction on a resolved ticket and sentiment from the requester’s comments', async () => {
    const company = await h.company('Acme');
    const mel = await h.customer(company, 'Melissa Grant');
    const other = await h.customer(company, 'Otto Other');
    const t = await h.ok<{ id: number }>(h.adminToken, 'POST', '/v1/tickets', {
      title: 'Printer',
      companyId: company,
      requesterId: mel.id,
    });
    const comment = await h.call(mel.token, 'POST', `/v1/customer/tickets/${t.id}/comments`, {
      body: 'It is still broken and I am really frustrated, this is terrible',
    });
    expect(comment.status).toBe(201);
    expect(comment.body).toMatchObject({ sentiment: 'negative' });
    expect((await h.call(other.token, 'POST', `/v1/customer/tickets/${t.id}/comments`, { body: 'hi' })).status).toBe(
      404,
    );
    expect((await h.call(h.adminToken, 'POST', `/v1/customer/tickets/${t.id}/rating`, { rating: 5 })).status).toBe(401);
    expect((await h.call(mel.token, 'POST', `/v1/customer/tickets/${t.id}/rating`, { rating: 5 })).status).toBe(400);
    await h.ok(h.adminToken, 'PATCH', `/v1/tickets/${t.id}`, { status: 'resolved' });
    expect((await h.call(mel.token, 'POST', `/v1/customer/tickets/${t.id}/rating`, { rating: 0 })).status).toBe(400);
    await h.ok(mel.token, 'POST', `/v1/customer/tickets/${t.id}/rating`, { rating: 4, comment: 'Quick fix' });
    const d = await h.ok<{
      sentiment: string;
      comments: Array<{ author: { kind: string; name: string }; body: string }>;
      requesterPanel: { satisfaction: { ticket: { rating: number; comment: string }; average: number; count: number } };
    }>(h.adminToken, 'GET', `/v1/tickets/${t.id}`);
    expect(d.sentiment).toBe('negative');
    expect(d.comments[0]?.author).toMatchObject({ kind: 'contact', name: 'Melissa Grant' });
    expect(d.requesterPanel.satisfaction).toEqual({
      ticket: expect.objectContaining({ rating: 4, comment: 'Quick fix' }),
      average: 4,
      count: 1,
    });
    const list = await h.ok<{ items: Array<{ id: number }> }>(
      h.adminToken,
      'GET',
      '/v1/tickets?status=all&sentiment=negative',
    );
    expect(list.items.map((x) => x.id)).toEqual([t.id]);
  });
});
