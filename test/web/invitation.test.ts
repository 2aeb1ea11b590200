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
    await waitForText(page, '.invitation', 'This invitation expired.');
    expect(await page.$('.invitation button.accept')).toBeNull();
    expect(errors).toEqual([]);
  });

  it("counts down each second from the server's expiry time and says it expired at zero", async () => {
    const contact = await web.contact('Cy Countdown', 'cy@customer.example');
    await web.desk.seed.setting('chat.invite-timeout', '5s');
    try {
      await web.techJson(['chat', 'start', '--contact', String(contact), '--message', 'Quick question']);
      // Two of the five seconds pass on the server's clock before the customer opens the page.
      await web.desk.seed.advance(2_000);
      const { page, errors } = await web.signedIn('cy@customer.example');
      // Every value the countdown shows, from now until the card says the invitation expired.
      const seen = (await page.evaluate(`new Promise((resolve) => {
        const seen = [];
        const look = () => {
          const card = document.querySelector('.invitation');
          const line = card && card.querySelector('.countdown');
          if (card && !line) return resolve([...seen, card.textContent]);
          const s = line && line.dataset.seconds;
          if (s !== undefined && seen.at(-1) !== s) seen.push(s);
        };
        new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
        look();
      })`)) as string[];
      await waitForText(page, '.invitation', 'This invitation expired.');
      // The server left 3 of its 5 seconds: the page counts down from there (never from 5), one step
      // each second, and says it expired at zero.
      const counted = seen.slice(0, -1).map(Number);
      expect(counted[0]).toBeLessThanOrEqual(3);
      expect(counted).toEqual(Array.from({ length: counted[0]! }, (_, i) => counted[0]! - i));
      expect(counted.at(-1)).toBe(1);
      expect(seen.at(-1)).toBe('This invitation expired.');
      expect(await page.$('.invitation button.accept')).toBeNull();
      expect(errors).toEqual([]);
    } finally {
      await web.desk.seed.setting('chat.invite-timeout', null);
    }
  });
});
