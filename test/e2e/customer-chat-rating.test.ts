/**
 * A customer rates an ended chat 1–5 with a comment over the customer API (SQLite and PostgreSQL):
 * with or without a ticket, not before it ends, not someone else's, rating again replaces it (also
 * with `desk customer rate --chat`), and the satisfaction report counts the chats' ratings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesk, type DbKind, type Desk } from '../helpers/desk.js';
import type { SeededCustomer, SeededTechnician } from '../helpers/seed.js';

interface Totals {
  ratings: number;
  average: number | null;
  rating2: number;
  rating4: number;
  rating5: number;
  resolved: number;
  responseRate: number | null;
}

describe.each<DbKind>(['sqlite', 'postgres'])('rating a chat (%s)', (kind) => {
  let desk: Desk;
  let sam: SeededTechnician;
  let nia: SeededCustomer;
  let gus: SeededCustomer;

  beforeAll(async () => {
    desk = await startDesk(kind);
    const acme = await desk.seed.company('Acme');
    sam = await desk.seed.technician('Sam', { grant: [acme] });
    await desk.seed.status(sam.token, 'available');
    nia = await desk.seed.customer(acme, 'Nia Rater');
    gus = await desk.seed.customer(acme, 'Gus Other');
  });
  afterAll(async () => {
    await desk?.close();
  });

  const rate = (token: string, chatId: number, body: unknown) =>
    desk.seed.call<{ chatId: number; rating: number; comment: string | null; error?: { message: string } }>(
      token,
      'POST',
      `/v1/customer/chats/${chatId}/rating`,
      body,
    );
  /** Nia asks for a chat and Sam takes it. */
  const chatWithSam = async () => {
    const asked = await desk.seed.ok<{ chat: { id: number } }>(nia.token, 'POST', '/v1/customer/chats', {
      message: 'Help, please',
    });
    const id = asked.chat.id;
    expect((await desk.run(['chat', 'accept', String(id)], { token: sam.token })).code).toBe(0);
    return id;
  };
  const end = (id: number) => desk.seed.ok(nia.token, 'POST', `/v1/customer/chats/${id}/end`);
  const satisfaction = async (by = 'day') =>
    await desk.seed.ok<{ totals: Totals; rows: Array<{ label: string; ratings: number }> }>(
      desk.adminToken,
      'GET',
      `/v1/reports/satisfaction?tz=UTC&by=${by}`,
    );

  it('rates an ended chat without a ticket and one with a ticket; the report counts both', async () => {
    const plain = await chatWithSam();
    const early = await rate(nia.token, plain, { rating: 4 });
    expect(early.status).toBe(409);
    expect(early.body.error?.message).toContain('once it has ended');
    await end(plain);

    expect((await rate(nia.token, plain, { rating: 6 })).status).toBe(400);
    expect((await rate(nia.token, plain, { rating: 0 })).status).toBe(400);
    // Another customer's chat is not found, and nothing is recorded for it.
    const foreign = await rate(gus.token, plain, { rating: 1 });
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.body)).not.toContain('Help, please');
    expect((await rate('', plain, { rating: 1 })).status).toBe(401);

    const first = await rate(nia.token, plain, { rating: 2, comment: 'slow start' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ chatId: plain, rating: 2, comment: 'slow start' });
    expect((await satisfaction()).totals).toMatchObject({ ratings: 1, rating2: 1, average: 2 });
    // Rating again replaces it; `desk customer rate --chat` does it from the command line.
    const cli = { env: { DESK_CUSTOMER_TOKEN: nia.token } };
    const out = await desk.json<{ chatId: number; rating: number; comment: string }>(
      ['customer', 'rate', String(plain), '4', '--chat', '--comment', '  fixed in the end  '],
      cli,
    );
    expect(out).toMatchObject({ chatId: plain, rating: 4, comment: 'fixed in the end' });
    const bad = await desk.run(['customer', 'rate', String(plain), '6', '--chat'], cli);
    expect(bad.code).toBe(5);
    expect(bad.stderr).toContain('from 1 to 5');

    const withTicket = await chatWithSam();
    const ticket = await desk.json<{ ticketId: number }>(['chat', 'ticket', String(withTicket)], { token: sam.token });
    expect(ticket.ticketId).toBeGreaterThan(0);
    await end(withTicket);
    // The ticket is still open: the chat is rated all the same.
    const rated = await rate(nia.token, withTicket, { rating: 5 });
    expect(rated.status).toBe(200);
    expect(rated.body).toMatchObject({ chatId: withTicket, rating: 5, comment: null });

    const report = await satisfaction();
    expect(report.totals).toMatchObject({
      ratings: 2,
      rating2: 0,
      rating4: 1,
      rating5: 1,
      average: 4.5,
      resolved: 0,
      responseRate: null,
    });
    const byTechnician = await satisfaction('technician');
    expect(byTechnician.rows).toEqual([expect.objectContaining({ label: 'Sam', ratings: 2 })]);
  });
});
