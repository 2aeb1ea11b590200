/**
 * The customer portal loses the network mid-chat (DevTools network emulation) while the technician
 * sends 20 messages: the page says it is reconnecting, and once back shows all 20 once, in order.
 */
import { describe, expect, it } from 'vitest';
import { useWebDesk } from '../helpers/web-desk.js';
import { texts, waitForText, waitUntil } from '../helpers/browser.js';

describe('customer portal: reconnecting', { timeout: 120_000 }, () => {
  const web = useWebDesk();

  it('resumes from the last event after a network loss: no message lost or shown twice', async () => {
    await web.contact('Rita Customer', 'rita@customer.example');
    expect((await web.asTech(['status', 'available'])).code).toBe(0);
    const { page } = await web.signedIn('rita@customer.example');
    await page.waitForSelector('#start-chat');
    await page.click('#start-chat button[type=submit]');
    await waitForText(page, '#chat-title', 'Waiting for a technician');
    const [offered] = await web.techJson<Array<{ id: number }>>(['chat', 'list']);
    const chatId = String(offered!.id);
    expect((await web.asTech(['chat', 'accept', chatId])).code).toBe(0);
    await waitForText(page, '#chat-title', 'You are chatting with Sam Tech');
    expect((await web.asTech(['chat', 'send', chatId, '--message', 'before'])).code).toBe(0);
    await waitForText(page, '#transcript .theirs', 'before');
    await waitUntil(page, `document.querySelector('#link-state').dataset.state === 'live'`);

    await page.setOfflineMode(true);
    await waitForText(page, '#link-state', 'Reconnecting');
    const sent = Array.from({ length: 20 }, (_, i) => `message ${i + 1}`);
    for (const m of sent) expect((await web.asTech(['chat', 'send', chatId, '--message', m])).code).toBe(0);
    expect(await texts(page, '#transcript .theirs .body')).toEqual(['before']);

    await page.setOfflineMode(false);
    await waitUntil(page, `document.querySelectorAll('#transcript .theirs').length === 21`);
    await waitUntil(page, `document.querySelector('#link-state').dataset.state === 'live'`);
    expect(await texts(page, '#link-state')).toEqual(['']);
    expect(await texts(page, '#transcript .theirs .body')).toEqual(['before', ...sent]);
  });
});
