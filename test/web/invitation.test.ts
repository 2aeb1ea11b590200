/**
 * A technician's invitation reaches the customer's open page live: the technician's name and first
 * message with Accept / Decline; accepted, it opens the chat; unanswered, the page says it expired.
 */
import { describe, expect, it } from 'vitest';
import { useWebDesk } from '../helpers/web-desk.js';
import { waitForText } from '../helpers/browser.js';

describe('customer portal: invitations', { timeout: 120_000 }, () => {
  const web = useWebDesk({ testClock: true });

  it('shows an invitation live, accepts one and sees another expire', async () => {
    const contact = await web.contact('Ivy Customer', 'ivy@customer.example');
    const { page, errors } = await web.signedIn('ivy@customer.example');
    await page.click('nav a[href="/tickets"]');
    await page.waitForSelector('#ticket-list');

    const invite = () =>
      web.techJson<{ chat: { id: number } }>([
        'chat',
        'start',
        '--contact',
        String(contact),
        '--message',
        'Hello Ivy, got a minute?',
      ]);
    const first = await invite();
    await waitForText(page, '.invitation h2', 'Sam Tech invites you to a chat');
    await waitForText(page, '.invitation .body', 'Hello Ivy, got a minute?');
    await waitForText(page, '#announcer', 'Sam Tech invites you to a chat.');
    await page.click('.invitation button.accept');
    await waitForText(page, '#chat-title', 'You are chatting with Sam Tech');
    await waitForText(page, '#transcript .theirs', 'Hello Ivy, got a minute?');
    expect(await page.$('.invitation')).toBeNull();
    expect((await web.asTech(['chat', 'end', String(first.chat.id), '--reason', 'Resolved'])).code).toBe(0);
    await waitForText(page, '#chat-title', 'The chat has ended');

    await invite();
    await waitForText(page, '.invitation h2', 'Sam Tech invites you to a chat');
    await web.desk.seed.advance(121_000);
    await waitForText(page, '.invitation', 'The invitation to chat expired.');
    expect(await page.$('.invitation button.accept')).toBeNull();
    expect(errors).toEqual([]);
  });
});
