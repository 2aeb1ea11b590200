/**
 * The customer portal's tickets in real Chromium: nobody available → "leave a ticket" → the ticket
 * exists; under My tickets a technician's public reply appears live and an internal note never
 * does; the ticket resolved live, rated, and reopened by the customer's reply from the page.
 */
import { describe, expect, it } from 'vitest';
import { useWebDesk } from '../helpers/web-desk.js';
import { texts, waitForText } from '../helpers/browser.js';

interface TechTicket {
  id: number;
  title: string;
  status: string;
  comments: Array<{ body: string; kind?: string; internal?: boolean }>;
}

describe('customer portal: tickets', { timeout: 120_000 }, () => {
  const web = useWebDesk();

  it('offers a ticket when everyone is busy, then follows it live under My tickets', async () => {
    await web.contact('Tess Customer', 'tess@customer.example');
    const { page, errors } = await web.signedIn('tess@customer.example');

    // Nobody is available: the chat request says so and offers a ticket instead.
    await page.waitForSelector('#start-chat');
    await page.click('#start-chat button[type=submit]');
    await waitForText(page, '#ticket-form h2', 'Everyone is busy — leave a ticket');
    await page.type('#ticket-title', 'VPN drops every hour');
    await page.type('#ticket-message', 'Since Monday, on the office Wi-Fi.');
    await page.click('#ticket-form button[type=submit]');
    await waitForText(page, '#ticket-created', 'was created: VPN drops every hour');
    const href = (await page.$eval('#ticket-created a', (a) => a.getAttribute('href'))) ?? '';
    const id = Number(/^\/tickets\/(\d+)$/.exec(href)?.[1]);
    const made = await web.techJson<TechTicket>(['tickets', 'show', String(id)]);
    expect(made).toMatchObject({ title: 'VPN drops every hour', status: 'open' });

    // My tickets lists it; its page shows the customer's first message.
    await page.click('#ticket-created a');
    await waitForText(page, '#ticket-title-heading', `#${id} VPN drops every hour`);
    await page.click('nav a[href="/tickets"]');
    await waitForText(page, '#ticket-list', `#${id} VPN drops every hour`);
    await page.click(`#ticket-list a[href="/tickets/${id}"]`);
    await waitForText(page, '#comments', 'Since Monday, on the office Wi-Fi.');

    // An internal note never reaches the page; a public reply arrives live, announced.
    expect(
      (await web.asTech(['tickets', 'note', String(id), '--message', 'INTERNAL: customer is on the old client'])).code,
    ).toBe(0);
    expect(
      (await web.asTech(['tickets', 'reply', String(id), '--message', 'Please update your VPN client.'])).code,
    ).toBe(0);
    await waitForText(page, '#comments .theirs', 'Please update your VPN client.');
    await waitForText(page, '#announcer', 'Sam Tech replied: Please update your VPN client.');
    expect(await page.evaluate('document.body.textContent.includes("INTERNAL")')).toBe(false);
    expect(await texts(page, '#comments .theirs .author')).toEqual(['Sam Tech']);

    // Resolved by the technician: the status changes live and the customer rates it.
    expect((await web.asTech(['tickets', 'update', String(id), '--status', 'resolved'])).code).toBe(0);
    await waitForText(page, '#ticket-status', 'Status: resolved');
    await page.click('#rating-5');
    await page.click('#rating-form button[type=submit]');
    await waitForText(page, '#rated', 'you rated 5 out of 5');

    // The customer's reply from the page reopens the resolved ticket.
    await page.type('#reply', 'It dropped again this morning.');
    await page.click('#reply-form button[type=submit]');
    await waitForText(page, '#comments .mine', 'It dropped again this morning.');
    await waitForText(page, '#ticket-status', 'Status: open');
    const shown = await web.techJson<TechTicket>(['tickets', 'show', String(id)]);
    expect(shown.status).toBe('open');
    expect(errors).toEqual([]);
  });
});
