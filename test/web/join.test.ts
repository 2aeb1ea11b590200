/**
 * Support sessions on the customer portal: a technician's single-use join link opens the chat
 * without signing in (the token leaves the address bar and dies), and a second customer, signed in,
 * joins the same session by typing its number; both see the technician's messages live, and each
 * sees the other's messages under the other's name.
 */
import { describe, expect, it } from 'vitest';
import { useWebDesk } from '../helpers/web-desk.js';
import { openPage, texts, waitForText } from '../helpers/browser.js';

describe('customer portal: joining a support session', { timeout: 120_000 }, () => {
  const web = useWebDesk();

  it('joins by link and by session number', async () => {
    await web.contact('Lou Customer', 'lou@customer.example');
    await web.contact('Joe Colleague', 'joe@customer.example');
    const invite = await web.techJson<{ chat: { id: number }; path: string; sessionNumber: string }>([
      'chat',
      'invite',
      '--email',
      'lou@customer.example',
    ]);
    expect(invite.path).toMatch(/^\/join\/.+/);

    const { page: lou, errors } = await openPage(web.browser, `${web.desk.server.url}${invite.path}`);
    await lou.waitForSelector('#chat-title');
    expect(new URL(lou.url()).pathname + new URL(lou.url()).search).toBe(`/chat?chat=${invite.chat.id}`);
    expect(await texts(lou, '.who')).toEqual(['Lou Customer']);

    // The link is single-use: opened again it signs nobody in.
    const { page: again } = await openPage(web.browser, `${web.desk.server.url}${invite.path}`);
    await again.waitForSelector('#join-link-problem');
    await again.waitForSelector('#email');
    await again.close();

    // A colleague signs in and joins the same session by its number.
    const { page: joe } = await web.signedIn('joe@customer.example');
    await joe.goto(`${web.desk.server.url}/join`, { waitUntil: 'domcontentloaded' });
    await joe.waitForSelector('#session-number');
    await joe.type('#session-number', invite.sessionNumber);
    await joe.keyboard.press('Enter');
    await joe.waitForSelector('#chat-title');
    expect(new URL(joe.url()).search).toBe(`?chat=${invite.chat.id}`);

    expect((await web.asTech(['chat', 'send', String(invite.chat.id), '--message', 'Welcome, both of you'])).code).toBe(
      0,
    );
    await waitForText(lou, '#transcript .theirs', 'Welcome, both of you');
    await waitForText(joe, '#transcript .theirs', 'Welcome, both of you');

    // Each customer sees their own lines as "You" and the other's with the other's name, read out.
    await lou.type('#composer', 'Lou: the printer again');
    await lou.keyboard.press('Enter');
    await waitForText(lou, '#transcript .mine', 'Lou: the printer again');
    await waitForText(joe, '#transcript .theirs.customer', 'Lou: the printer again');
    expect(await texts(joe, '#transcript .theirs.customer .author')).toEqual(['Lou Customer']);
    await waitForText(joe, '#announcer', 'Lou Customer: Lou: the printer again');
    expect(await texts(lou, '#transcript .mine .author')).toEqual(['You']);

    // Joe leaves while the session goes on: for him it is over, and he may rate his part.
    expect(await texts(joe, '#end-chat')).toEqual(['Leave session']);
    expect(await texts(lou, '#end-chat')).toEqual(['End chat']);
    await joe.click('#end-chat');
    await waitForText(joe, '#chat-title', 'You left the session');
    await joe.waitForSelector('#rating-form');
    expect(await joe.$('#composer')).toBeNull();
    await waitForText(lou, '#transcript', 'Joe Colleague left the session');
    expect(await lou.$('#composer')).not.toBeNull();
    await joe.click('#rating-5');
    await joe.click('#rating-form button[type=submit]');
    await waitForText(joe, '#rated', 'you rated 5 out of 5');
    // Back on the chat page later, the session he left is not opened for him again.
    await joe.goto(`${web.desk.server.url}/chat`, { waitUntil: 'domcontentloaded' });
    await joe.waitForSelector('#first-message');
    // Opened by its address, it shows as left, with nothing to send.
    await joe.goto(`${web.desk.server.url}/chat?chat=${invite.chat.id}`, { waitUntil: 'domcontentloaded' });
    await waitForText(joe, '#chat-title', 'You left the session');
    expect(await joe.$('#composer')).toBeNull();
    expect(errors).toEqual([]);
  });
});
