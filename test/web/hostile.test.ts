/**
 * Hostile text on the customer portal: names, messages, file names, ticket titles and replies that
 * hold markup, `javascript:` links and terminal escape sequences are shown as inert text (asserted
 * on the DOM: no element made from them, nothing run).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useWebDesk } from '../helpers/web-desk.js';
import { texts, waitForText } from '../helpers/browser.js';
import { samplePng } from '../helpers/sample-files.js';

const TECH = 'Sam <img src=x onerror="window.__pwned=1">';
const CONTACT = '<script>window.__pwned=1</script>Eve';
const LINK = 'javascript:window.__pwned=1';
const ESCAPES = 'red \u001b[31malert\u001b[0m \u001b]0;title\u0007done';
const FILE = '<img src=x onerror=window.__pwned=1>.png';
const TITLE = '<script>window.__pwned=1</script> VPN';
const REPLY = '<a href="javascript:window.__pwned=1">click me</a> <iframe src="/"></iframe>';

/** What markup the page holds that no page code makes: any of it means a string became HTML. */
const INJECTED = `({
  pwned: window.__pwned,
  elements: document.querySelectorAll('#app script, #app img, #app iframe, #app [onerror]').length,
  jsLinks: Array.from(document.querySelectorAll('a')).filter((a) => /^\\s*javascript:/i.test(a.getAttribute('href') ?? '')).length,
})`;

describe('customer portal: hostile text', { timeout: 120_000 }, () => {
  const web = useWebDesk({ technician: TECH });

  it('shows hostile names, messages, file names and ticket text as text', async () => {
    const contactId = await web.contact(CONTACT, 'eve@customer.example');
    expect((await web.asTech(['status', 'available'])).code).toBe(0);
    const { page, errors } = await web.signedIn('eve@customer.example');
    expect(await texts(page, '.who')).toEqual([CONTACT]);

    await page.waitForSelector('#start-chat');
    await page.click('#start-chat button[type=submit]');
    await waitForText(page, '#chat-title', 'Waiting for a technician');
    const [offered] = await web.techJson<Array<{ id: number }>>(['chat', 'list']);
    const chatId = String(offered!.id);
    expect((await web.asTech(['chat', 'accept', chatId])).code).toBe(0);
    await waitForText(page, '#chat-title', `You are chatting with ${TECH}`);

    expect((await web.asTech(['chat', 'send', chatId, '--message', LINK])).code).toBe(0);
    expect((await web.asTech(['chat', 'send', chatId, '--message', ESCAPES])).code).toBe(0);
    const dir = mkdtempSync(join(tmpdir(), 'desk-web-hostile-'));
    writeFileSync(join(dir, FILE), samplePng());
    expect((await web.asTech(['chat', 'attach', chatId, join(dir, FILE)])).code).toBe(0);
    await waitForText(page, '#transcript .theirs a', '.png');
    await waitForText(page, '#transcript .theirs', LINK);
    const bodies = await texts(page, '#transcript .theirs .body');
    // The escape sequences are shown (or stripped by the desk), never interpreted.
    expect(bodies.some((b) => b.startsWith('red ') && b.includes('alert') && b.endsWith('done'))).toBe(true);
    expect(await texts(page, '#transcript .theirs .author')).toContain(TECH);
    const fileLink = await page.$eval('#transcript .theirs a', (a) => ({
      text: a.textContent,
      href: a.getAttribute('href'),
    }));
    expect(fileLink.text).toContain('onerror');
    expect(fileLink.href).toMatch(/^\/v1\/customer\/chats\/\d+\/files\/\d+$/);
    expect(await page.evaluate(INJECTED)).toEqual({ pwned: undefined, elements: 0, jsLinks: 0 });

    // A ticket whose title and public reply hold markup.
    const ticket = await web.techJson<{ id: number }>([
      'tickets',
      'create',
      '--title',
      TITLE,
      '--company',
      String(web.company),
      '--requester',
      String(contactId),
    ]);
    expect((await web.asTech(['tickets', 'reply', String(ticket.id), '--message', REPLY])).code).toBe(0);
    await page.click('nav a[href="/tickets"]');
    await waitForText(page, '#ticket-list', TITLE);
    await page.click(`#ticket-list a[href="/tickets/${ticket.id}"]`);
    await waitForText(page, '#comments', 'click me');
    expect(await texts(page, '#ticket-title-heading')).toEqual([`#${ticket.id} ${TITLE}`]);
    expect(await texts(page, '#comments .theirs .body')).toEqual([REPLY]);
    expect(await page.evaluate(INJECTED)).toEqual({ pwned: undefined, elements: 0, jsLinks: 0 });
    expect(errors).toEqual([]);
  });
});
