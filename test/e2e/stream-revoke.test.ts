/**
 * Revoked means revoked on the event streams too: revoking a technician or logging a customer out
 * closes their open streams at once with the close code the client shows, and the CLI watching a
 * ticket ends with the authentication exit code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStream } from '../../src/client/events.js';
import { STREAM_CLOSE_REVOKED } from '../../src/core/events.js';
import { isDeskError } from '../../src/core/errors.js';
import { startDesk, type Desk } from '../helpers/desk.js';
import { RawStream } from '../helpers/raw-stream.js';
import { LiveDesk, stopAllLive } from '../helpers/live.js';

/** The first error the stream reports (it stops after it), failing after 10 s. */
function streamError(stream: EventStream): Promise<Error> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the stream reported no error')), 10_000);
    stream.once('error', (err) => {
      clearTimeout(timer);
      resolve(err);
    });
  });
}

describe('revocation ends event streams', () => {
  let desk: Desk;
  let company: number;

  beforeAll(async () => {
    desk = await startDesk('sqlite');
    company = await desk.seed.company('Acme');
  });
  afterAll(async () => {
    stopAllLive();
    await desk?.close();
  });

  it('revoking a technician closes their open stream at once with the revoked close code', async () => {
    const sam = await desk.seed.technician('Sam Stream', { grant: [company] });
    const raw = new RawStream(desk.server.url, sam.token);
    const client = new EventStream({ server: desk.server.url, token: sam.token }).start();
    const clientError = streamError(client);
    await raw.ready;
    await new Promise((resolve) => client.once('ready', resolve));

    await desk.seed.admin('POST', `/v1/technicians/${sam.id}/revoke`);
    const closed = await raw.closedWithin();
    expect(closed.code).toBe(STREAM_CLOSE_REVOKED);
    expect(closed.reason).toMatch(/token was revoked/);
    const err = await clientError;
    expect(isDeskError(err) && err.exitCode).toBe(4);
    expect(err.message).toMatch(/closed the event stream: your API token was revoked/);
    // REST agrees.
    expect((await desk.seed.call(sam.token, 'GET', '/v1/me')).status).toBe(401);
  });

  it('a new token after a revocation streams on, though its replay holds the revocation', async () => {
    const kim = await desk.seed.technician('Kim Again', { grant: [company] });
    await desk.seed.admin('POST', `/v1/technicians/${kim.id}/revoke`);
    const { token } = await desk.seed.admin<{ token: string }>('POST', `/v1/technicians/${kim.id}/tokens`);
    const raw = new RawStream(desk.server.url, token);
    await raw.waitFor((m) => m.type === 'event' && m.event.type === 'technician.revoked', 'replayed revocation');
    await raw.ready;
    await desk.seed.ticket(company, { title: 'after the new token' });
    await raw.waitFor((m) => m.type === 'event' && m.event.data.ticket?.title === 'after the new token', 'ticket');
    expect(raw.open).toBe(true);
    raw.close();
  });

  it('a customer logout closes that session’s stream; the contact’s other session streams on', async () => {
    const cleo = await desk.seed.customer(company, 'Cleo Logout');
    const other = await desk.seed.customerSession(cleo.email);
    const ended = new RawStream(desk.server.url, cleo.token, '/v1/customer/events');
    const going = new RawStream(desk.server.url, other, '/v1/customer/events');
    const client = new EventStream({ server: desk.server.url, token: cleo.token, path: '/v1/customer/events' });
    const clientError = streamError(client.start());
    await Promise.all([ended.ready, going.ready, new Promise((resolve) => client.once('ready', resolve))]);

    await desk.seed.ok(cleo.token, 'POST', '/v1/customer/logout');
    const closed = await ended.closedWithin();
    expect(closed.code).toBe(STREAM_CLOSE_REVOKED);
    expect(closed.reason).toMatch(/session has ended/);
    const err = await clientError;
    expect(isDeskError(err) && err.exitCode).toBe(4);
    expect(err.message).toMatch(/your session has ended/);

    const chat = await desk.seed.ok<{ chat: { id: number } }>(other, 'POST', '/v1/customer/chats', {
      message: 'still here',
    });
    await going.waitFor((m) => m.type === 'event' && m.event.data.chatId === chat.chat.id, 'event of the new chat');
    expect(going.open).toBe(true);
    going.close();
  });

  it('a company taken from a technician stops its events on their open stream at once', async () => {
    const other = await desk.seed.company('Other Co');
    const lee = await desk.seed.technician('Lee Grant', { grant: [company, other] });
    const raw = new RawStream(desk.server.url, lee.token);
    await raw.ready;
    const res = await desk.run(['admin', 'ungrant', String(lee.id), String(company)]);
    expect(res.code).toBe(0);
    expect(res.stdout + res.stderr).toContain(`Took company ${company} from technician ${lee.id}`);
    const hidden = await desk.seed.ticket(company, { title: 'no longer yours' });
    await desk.seed.ticket(other, { title: 'still yours' });
    // Events arrive in order: once the later ticket is here, the earlier one would have been too.
    await raw.waitFor((m) => m.type === 'event' && m.event.data.ticket?.title === 'still yours', 'the later ticket');
    const events = raw.events;
    const lost = events.findIndex((e) => e.type === 'grant.revoked');
    expect(lost).toBeGreaterThanOrEqual(0);
    expect(events.slice(lost + 1).filter((e) => e.companyId === company)).toEqual([]);
    expect((await desk.seed.call(lee.token, 'GET', `/v1/tickets/${hidden}`)).status).toBe(404);
    const again = await desk.run(['admin', 'ungrant', String(lee.id), String(company), '--json']);
    expect(JSON.parse(again.stdout)).toEqual({ technicianId: lee.id, companyId: company, revoked: false });
    raw.close();
  });

  it('`desk tickets show --watch` ends with exit 4 and says why when its token is revoked', async () => {
    const ann = await desk.seed.technician('Ann Watch', { grant: [company] });
    const ticket = await desk.seed.ticket(company, { title: 'Watched' });
    const live = new LiveDesk(['tickets', 'show', String(ticket), '--watch', '--json'], desk.env(ann.token));
    await live.waitFor((e) => (e as { id?: unknown }).id === ticket, 'the ticket');
    await desk.seed.admin('POST', `/v1/technicians/${ann.id}/revoke`);
    expect(await live.exited).toBe(4);
    expect(live.stderr).toMatch(/your API token was revoked/);
  });
});
