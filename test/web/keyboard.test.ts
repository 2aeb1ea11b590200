/**
 * The customer portal with the keyboard alone, in real Chromium against a real desk: sign in, start
 * a chat, send a message, end it and rate it using only Tab, Shift+Tab, Enter, Space and the arrow
 * keys (no clicks), with focus going where a keyboard user expects it and the live region reading
 * out the technician's new message.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { useWebDesk } from '../helpers/web-desk.js';
import { openPage, texts, waitForText, waitUntil } from '../helpers/browser.js';

/** What has the focus: `#id`, else the tag and its text (`a:My tickets`). */
const focused = (page: Page) =>
  page.evaluate(`(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return 'body';
    return e.id ? '#' + e.id : e.tagName.toLowerCase() + ':' + e.textContent.trim();
  })()`) as Promise<string>;

/** Presses a key `n` times and answers what had the focus after each press. */
async function walk(page: Page, key: 'Tab' | 'Shift+Tab', n: number): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < n; i++) {
    if (key === 'Shift+Tab') {
      await page.keyboard.down('Shift');
      await page.keyboard.press('Tab');
      await page.keyboard.up('Shift');
    } else await page.keyboard.press('Tab');
    seen.push(await focused(page));
  }
  return seen;
}

/** Presses the key until `target` has the focus (at most 15 times); answers what had it after each press. */
async function walkTo(page: Page, key: 'Tab' | 'Shift+Tab', target: string): Promise<string[]> {
  const seen: string[] = [];
  while (seen.at(-1) !== target && seen.length < 15) seen.push(...(await walk(page, key, 1)));
  return seen;
}

describe('customer portal: keyboard only', { timeout: 120_000 }, () => {
  const web = useWebDesk();

  it('signs in, chats, ends and rates with the keyboard alone; the live region reads the new message', async () => {
    await web.contact('Kay Keys', 'kay@customer.example');
    expect((await web.asTech(['status', 'available'])).code).toBe(0);
    const { page, errors } = await openPage(web.browser, web.desk.server.url);

    // Sign in: the e-mail field has the focus; Tab reaches its button and Shift+Tab goes back.
    await page.waitForSelector('#email');
    expect(await focused(page)).toBe('#email');
    await page.keyboard.type('kay@customer.example');
    expect(await walk(page, 'Tab', 1)).toEqual(['button:Send me a code']);
    expect(await walk(page, 'Shift+Tab', 1)).toEqual(['#email']);
    await page.keyboard.press('Enter');
    await page.waitForSelector('#code');
    expect(await focused(page)).toBe('#code');
    const { code } = await web.desk.json<{ code: string }>(['admin', 'contacts', 'code', 'kay@customer.example']);
    await page.keyboard.type(code);
    await page.keyboard.press('Enter');

    // Signed in: the chat form's field has the focus; Tab goes to its button, Space starts the chat.
    await page.waitForSelector('#start-chat');
    await waitUntil(page, `document.activeElement && document.activeElement.id === 'first-message'`);
    await page.keyboard.type('My laptop will not boot');
    expect(await walk(page, 'Tab', 1)).toEqual(['button:Start a chat']);
    await page.keyboard.press('Space');
    await waitForText(page, '#chat-title', 'Waiting for a technician');
    await waitUntil(page, `document.activeElement && document.activeElement.id === 'composer'`);

    // Tab goes round the page in reading order: the composer and its buttons, out of the page, the skip
    // link, the navigation, End chat and back to the composer; Shift+Tab walks back the same way.
    const cycle = [
      '#file-input',
      'button:Send',
      'body',
      'a:Skip to content',
      'a:Chat',
      'a:My tickets',
      '#sign-out',
      '#end-chat',
      '#composer',
    ];
    const order = await walkTo(page, 'Tab', '#composer');
    // A scrollable transcript may take the focus (to scroll it with the arrows), between End chat and the composer.
    const transcriptAt = order.indexOf('#transcript');
    if (transcriptAt >= 0) expect(order[transcriptAt - 1]).toBe('#end-chat');
    expect(order.filter((x) => x !== '#transcript')).toEqual(cycle);
    const back = await walkTo(page, 'Shift+Tab', 'a:Skip to content');
    expect(back.filter((x) => x !== '#transcript')).toEqual([
      '#end-chat',
      '#sign-out',
      'a:My tickets',
      'a:Chat',
      'a:Skip to content',
    ]);
    await walkTo(page, 'Tab', '#composer');

    const [request] = await web.techJson<Array<{ id: number }>>(['chat', 'list']);
    const chatId = request!.id;
    expect((await web.asTech(['chat', 'accept', String(chatId)])).code).toBe(0);
    await waitForText(page, '#chat-title', 'You are chatting with Sam Tech');

    // The technician's message reaches the polite live region.
    expect(await page.evaluate(`document.getElementById('announcer').getAttribute('aria-live')`)).toBe('polite');
    expect((await web.asTech(['chat', 'send', String(chatId), '--message', 'Hold the power button'])).code).toBe(0);
    await waitForText(page, '#transcript .theirs', 'Hold the power button');
    await waitForText(page, '#announcer', 'Sam Tech: Hold the power button');

    // Enter in the composer sends.
    expect(await focused(page)).toBe('#composer');
    await page.keyboard.type('Holding it now');
    await page.keyboard.press('Enter');
    await waitForText(page, '#transcript .mine[data-id]', 'Holding it now');
    const shown = await web.techJson<{ messages: Array<{ body: string }> }>(['chat', 'show', String(chatId)]);
    expect(shown.messages.map((m) => m.body)).toContain('Holding it now');

    // Shift+Tab from the composer reaches End chat; Enter ends the chat.
    expect((await walkTo(page, 'Shift+Tab', '#end-chat')).filter((x) => x !== '#transcript')).toEqual(['#end-chat']);
    await page.keyboard.press('Enter');
    await waitForText(page, '#chat-title', 'The chat has ended');

    // The focus moves to the rating (the chat has no ticket and is rated all the same): Tab into the
    // stars, arrows pick 4, Tab to the comment, Tab to the button, Enter sends.
    await waitUntil(page, `document.activeElement && document.activeElement.id === 'rating-form'`);
    expect(await walk(page, 'Tab', 1)).toEqual(['#rating-1']);
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    expect(await focused(page)).toBe('#rating-4');
    expect(await page.$eval('#rating-4', (e) => (e as unknown as { checked: boolean }).checked)).toBe(true);
    expect(await walk(page, 'Tab', 1)).toEqual(['#rating-comment']);
    await page.keyboard.type('Patient and clear');
    expect(await walk(page, 'Tab', 1)).toEqual(['button:Send rating']);
    await page.keyboard.press('Enter');
    await waitForText(page, '#rated', 'you rated 4 out of 5');
    expect(await focused(page)).toBe('#rated');
    expect(await texts(page, '#rated')).toEqual(['Thank you: you rated 4 out of 5.']);

    const report = await web.desk.json<{ totals: { ratings: number; rating4: number } }>([
      'report',
      'satisfaction',
      '--tz',
      'UTC',
    ]);
    expect(report.totals).toMatchObject({ ratings: 1, rating4: 1 });
    expect(errors).toEqual([]);
  });
});
