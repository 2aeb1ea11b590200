/**
 * A browser's customer session: verify with `session: "cookie"` sets an HttpOnly, SameSite=Strict
 * cookie (Secure when the request came over HTTPS through the trusted proxy) and answers no token;
 * the cookie signs every customer route in, a change without `X-Desk-CSRF: 1` is refused, the event
 * stream takes it from the server's own pages and embedders only, and logout clears it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { PortalDesk, type CookieStream } from '../helpers/portal.js';

/** Opens the customer stream with the cookie from `origin`, sends one frame and answers what came back. */
function sendFrame(url: string, cookie: string, origin: string, frame: string): Promise<unknown> {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/v1/customer/events`, { headers: { cookie, origin } });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer to the frame within 5 s')), 5000);
    const done = (answer: unknown) => {
      clearTimeout(timer);
      socket.close();
      resolve(answer);
    };
    socket.once('open', () => socket.send(frame));
    socket.once('error', reject);
    socket.on('message', (raw) => {
      const msg = JSON.parse(raw.toString()) as { type: string };
      if (msg.type === 'sent' || msg.type === 'refused') done(msg);
    });
    socket.once('close', (code) => done({ closed: code }));
  });
}

describe.each(['sqlite', 'postgres'] as const)('a customer signed in by the session cookie (%s)', (kind) => {
  let d: PortalDesk;
  let company: number;
  beforeAll(async () => {
    d = await PortalDesk.start(kind, { trustProxy: '127.0.0.1' });
    company = await d.company('Acme');
  });
  afterAll(async () => {
    await d?.close();
  });

  it('sets an HttpOnly, SameSite=Strict cookie without Secure over http, and answers no token', async () => {
    const mel = await d.browserCustomer(company, 'Melissa Grant');
    expect(mel.verify.status).toBe(201);
    expect(mel.verify.body).toEqual({
      contact: { id: mel.id, name: 'Melissa Grant', email: mel.email, company: { id: company, name: 'Acme' } },
    });
    expect(JSON.stringify(mel.verify.body)).not.toContain('dcs_');
    expect(mel.cookie).toMatch(/^desk_customer=dcs_\S+$/);
    const flags = mel.setCookie.split(';').map((f) => f.trim());
    expect(flags).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/']));
    expect(flags).not.toContain('Secure');
    const me = await d.asBrowser(mel.cookie, 'GET', '/v1/customer/me', { csrf: false });
    expect(me.status).toBe(200);
    expect(me.body.contact).toMatchObject({ id: mel.id, email: mel.email });
    const nobody = await d.fetch('GET', '/v1/customer/me');
    expect(nobody.status).toBe(401);
    expect(nobody.body.error.code).toBe('unauthenticated');
  });

  it('marks the cookie Secure when the trusted proxy says the request came over HTTPS', async () => {
    const otto = await d.browserCustomer(company, 'Otto Secure', { 'x-forwarded-proto': 'https' });
    expect(otto.setCookie.split(';').map((f) => f.trim())).toContain('Secure');
  });

  it('refuses a change signed in by the cookie without X-Desk-CSRF, and changes nothing; a bearer token needs none', async () => {
    const mel = await d.browserCustomer(company, 'Carla Csrf');
    const body = { title: 'Printer on fire', message: 'It smokes' };
    const refused = await d.asBrowser(mel.cookie, 'POST', '/v1/customer/tickets', { body, csrf: false });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('csrf');
    expect(refused.body.error.message).toContain('X-Desk-CSRF: 1');
    const wrong = await d.asBrowser(mel.cookie, 'POST', '/v1/customer/tickets', {
      body,
      csrf: false,
      headers: { 'x-desk-csrf': '0' },
    });
    expect(wrong.status).toBe(403);
    const none = await d.asBrowser(mel.cookie, 'GET', '/v1/customer/tickets');
    expect(none.body.items).toEqual([]);
    const made = await d.asBrowser(mel.cookie, 'POST', '/v1/customer/tickets', { body });
    expect(made.status).toBe(201);
    const listed = await d.asBrowser(mel.cookie, 'GET', '/v1/customer/tickets', { csrf: false });
    expect(listed.body.items.map((t: { title: string }) => t.title)).toEqual(['Printer on fire']);

    // A bearer token (the CLI's session, no cookie) needs no CSRF header.
    const email = 'cli.user@customer.example';
    await d.tech(d.adminToken, 'POST', '/v1/contacts', { companyId: company, name: 'Cli User', email });
    await d.fetch('POST', '/v1/customer/login', { body: { email } });
    const { code } = await d.tech(d.adminToken, 'GET', `/v1/admin/contacts/code?email=${encodeURIComponent(email)}`);
    const session = await d.fetch('POST', '/v1/customer/verify', { body: { email, code } });
    expect(session.headers.get('set-cookie')).toBeNull();
    expect(session.body.token).toMatch(/^dcs_/);
    const made2 = await d.fetch('POST', '/v1/customer/tickets', {
      headers: { authorization: `Bearer ${session.body.token}` },
      body: { title: 'From the terminal', message: 'ok' },
    });
    expect(made2.status).toBe(201);
  });

  it('opens the event stream with the cookie from its own origin or an embedder only', async () => {
    const mel = await d.browserCustomer(company, 'Stream Cookie');
    expect(await d.cookieStream(mel.cookie, 'https://evil.example')).toBe(403);
    expect(await d.cookieStream(mel.cookie, undefined)).toBe(403);
    const own = await d.cookieStream(mel.cookie, d.url);
    expect(typeof own).toBe('object');
    (own as CookieStream).close();
    await d.setting('web.embed-origins', 'https://acme.example');
    const embedded = await d.cookieStream(mel.cookie, 'https://acme.example');
    expect(typeof embedded).toBe('object');
    (embedded as CookieStream).close();
    await d.setting('web.embed-origins', null);
  });

  it('takes chat messages on the cookie stream from its own pages only, and a frame of one message at most', async () => {
    const ivy = await d.browserCustomer(company, 'Ivy Sender');
    const chat = await d.asBrowser(ivy.cookie, 'POST', '/v1/customer/chats', { body: { message: 'hello' } });
    expect(chat.status).toBe(201);
    const chatId = chat.body.chat.id as number;
    const frame = (body: string, clientId: string) => JSON.stringify({ type: 'send', chatId, body, clientId });
    expect(await sendFrame(d.url, ivy.cookie, d.url, frame('from the desk', 'own-1'))).toMatchObject({
      type: 'sent',
      message: { body: 'from the desk', clientId: 'own-1' },
    });
    await d.setting('web.embed-origins', 'https://acme.example');
    expect(await sendFrame(d.url, ivy.cookie, 'https://acme.example', frame('from an embedder', 'emb-1'))).toEqual({
      type: 'refused',
      clientId: 'emb-1',
      status: 403,
      error: expect.objectContaining({ code: 'forbidden' }),
    });
    await d.setting('web.embed-origins', null);
    expect(await sendFrame(d.url, ivy.cookie, d.url, frame('x'.repeat(70_000), 'big-1'))).toEqual({ closed: 1009 });
    const read = await d.asBrowser(ivy.cookie, 'GET', `/v1/customer/chats/${chatId}`);
    expect(read.body.messages.map((m: { body: string }) => m.body)).toEqual(['hello', 'from the desk']);
  });

  it('logs out: the cookie is cleared and the session no longer works', async () => {
    const mel = await d.browserCustomer(company, 'Leaving Lou');
    const refused = await d.asBrowser(mel.cookie, 'POST', '/v1/customer/logout', { csrf: false });
    expect(refused.status).toBe(403);
    const out = await d.asBrowser(mel.cookie, 'POST', '/v1/customer/logout');
    expect(out.status).toBe(200);
    expect(out.body).toEqual({ revoked: true });
    const cleared = (out.headers.get('set-cookie') ?? '').split(';').map((f) => f.trim());
    expect(cleared).toEqual(expect.arrayContaining(['desk_customer=', 'Max-Age=0', 'HttpOnly', 'Path=/']));
    const after = await d.asBrowser(mel.cookie, 'GET', '/v1/customer/me');
    expect(after.status).toBe(401);
    expect(after.headers.get('set-cookie')).toContain('Max-Age=0');
  });
});
