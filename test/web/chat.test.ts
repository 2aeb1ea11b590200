/**
 * The customer portal's chat in real Chromium against a real desk: sign in with an e-mailed code,
 * start a chat, a technician on the `desk` command accepts, messages and files both ways, the
 * composer's rules, end and rate the chat; screenshots at phone and desktop widths (with
 * DESK_REFRESH_SCREENSHOTS=1 the desktop one becomes the README's docs/chat-page.png).
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useWebDesk } from '../helpers/web-desk.js';
import { fill, outputDir, texts, waitForText } from '../helpers/browser.js';
import { samplePng } from '../helpers/sample-files.js';

interface TechChat {
  id: number;
  state: string;
  messages: Array<{ body: string; author: { kind: string }; file: { id: number; name: string } | null }>;
}

describe('customer portal: chat', { timeout: 120_000 }, () => {
  const web = useWebDesk();

  it('signs in with a code, chats with a technician (messages and files both ways), ends and rates', async () => {
    await web.contact('Mel Customer', 'mel@customer.example');
    expect((await web.asTech(['status', 'available'])).code).toBe(0);
    const { page, errors } = await web.signedIn('mel@customer.example');
    expect(await texts(page, '.who')).toEqual(['Mel Customer']);

    // The session is a cookie the page's scripts cannot read, and a reload keeps it.
    expect(await page.evaluate('document.cookie')).toBe('');
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.waitForSelector('#start-chat');

    await page.type('#first-message', 'My printer is broken');
    await page.click('#start-chat button[type=submit]');
    await waitForText(page, '#chat-title', 'Waiting for a technician');
    const [offered] = await web.techJson<Array<{ id: number }>>(['chat', 'list']);
    const chatId = offered!.id;
    expect((await web.asTech(['chat', 'accept', String(chatId)])).code).toBe(0);
    await waitForText(page, '#chat-title', 'You are chatting with Sam Tech');
    await waitForText(page, '#transcript .system', 'Sam Tech joined the chat');

    // Technician → customer, with the technician's name; the live region announces it.
    expect((await web.asTech(['chat', 'send', String(chatId), '--message', 'Is it plugged in?'])).code).toBe(0);
    await waitForText(page, '#transcript .theirs', 'Is it plugged in?');
    expect(await texts(page, '#transcript .theirs .author')).toContain('Sam Tech');
    await waitForText(page, '#announcer', 'Sam Tech: Is it plugged in?');

    // Customer → technician: Enter sends, Shift+Enter is a new line.
    await page.focus('#composer');
    await page.keyboard.type('Yes, it is');
    await page.keyboard.down('Shift');
    await page.keyboard.press('Enter');
    await page.keyboard.up('Shift');
    await page.keyboard.type('and switched on');
    await page.keyboard.press('Enter');
    // The line shows at once; it carries the message's id once the server has stored it.
    await waitForText(page, '#transcript .mine[data-id]', 'and switched on');
    expect(await page.$eval('#composer', (e) => (e as unknown as { value: string }).value)).toBe('');
    const seen = await web.techJson<TechChat>(['chat', 'show', String(chatId)]);
    expect(seen.messages.map((m) => m.body)).toContain('Yes, it is\nand switched on');

    // The composer refuses the 1001st character and < with the reason, and sends nothing.
    await fill(page, '#composer', 'x'.repeat(999));
    await page.type('#composer', 'y');
    expect(await texts(page, '#composer-counter')).toEqual(['1000 / 1000']);
    expect(await texts(page, '#composer-problem')).toEqual(['']);
    await page.type('#composer', 'z');
    expect(await texts(page, '#composer-counter')).toEqual(['1001 / 1000']);
    await page.keyboard.press('Enter');
    await waitForText(page, '#composer-problem', 'the limit is 1000');
    await fill(page, '#composer', '');
    await page.type('#composer', 'a <b> tag');
    await waitForText(page, '#composer-problem', 'may not contain < or >');
    await page.keyboard.press('Enter');
    await fill(page, '#composer', '');
    await page.keyboard.press('Enter');
    await waitForText(page, '#composer-problem', 'The message is empty.');
    const after = await web.techJson<TechChat>(['chat', 'show', String(chatId)]);
    expect(after.messages.length).toBe(seen.messages.length);

    // A reload mid-chat draws the chat from the page's own data, asking the API nothing, and goes on live.
    const asked: string[] = [];
    const onRequest = (r: { url(): string }) => {
      if (new URL(r.url()).pathname.startsWith('/v1/customer/')) asked.push(new URL(r.url()).pathname);
    };
    page.on('request', onRequest);
    await page.reload({ waitUntil: 'domcontentloaded' });
    await waitForText(page, '#chat-title', 'You are chatting with Sam Tech');
    await waitForText(page, '#transcript .mine', 'and switched on');
    page.off('request', onRequest);
    expect(asked.filter((p) => p !== '/v1/customer/events')).toEqual([]);
    expect((await web.asTech(['chat', 'send', String(chatId), '--message', 'Try it again now'])).code).toBe(0);
    await waitForText(page, '#transcript .theirs', 'Try it again now');
    expect(await texts(page, '#transcript .theirs .body')).toEqual(['Is it plugged in?', 'Try it again now']);

    // A file each way, byte for byte.
    const dir = mkdtempSync(join(tmpdir(), 'desk-web-files-'));
    const log = join(dir, 'printer log.txt');
    writeFileSync(log, 'error 42: paper jam\n');
    const picker = await page.$('#file-input');
    await picker!.uploadFile(log);
    await waitForText(page, '#upload-state', 'Sent printer log.txt.');
    await waitForText(page, '#transcript .mine a', 'printer log.txt');
    const withFile = await web.techJson<TechChat>(['chat', 'show', String(chatId)]);
    const theirFile = withFile.messages.find((m) => m.file?.name === 'printer log.txt')!.file!;
    const copy = join(dir, 'copy.txt');
    expect((await web.asTech(['chat', 'download', String(chatId), String(theirFile.id), '-o', copy])).code).toBe(0);
    expect(readFileSync(copy).equals(readFileSync(log))).toBe(true);

    const png = join(dir, 'screen.png');
    writeFileSync(png, samplePng());
    expect((await web.asTech(['chat', 'attach', String(chatId), png])).code).toBe(0);
    await waitForText(page, '#transcript .theirs a', 'screen.png');
    const bytes = (await page.evaluate(`(async () => {
      const a = Array.from(document.querySelectorAll('#transcript .theirs a')).find((e) => e.textContent === 'screen.png');
      const res = await fetch(a.getAttribute('href'));
      return Array.from(new Uint8Array(await res.arrayBuffer()));
    })()`)) as number[];
    expect(Buffer.from(bytes).equals(samplePng())).toBe(true);

    // Screenshots at phone and desktop widths.
    const out = outputDir('chat');
    await page.setViewport({ width: 360, height: 740 });
    await page.screenshot({ path: join(out, 'chat-360x740.png') });
    await page.setViewport({ width: 1280, height: 800 });
    await page.screenshot({ path: join(out, 'chat-1280x800.png') });
    // A PNG's width and height are the two big-endian words after its signature and IHDR header.
    const size = (file: string) => {
      const png = readFileSync(join(out, file));
      return [png.readUInt32BE(16), png.readUInt32BE(20)];
    };
    expect(size('chat-360x740.png')).toEqual([360, 740]);
    expect(size('chat-1280x800.png')).toEqual([1280, 800]);
    if (process.env.DESK_REFRESH_SCREENSHOTS === '1')
      copyFileSync(join(out, 'chat-1280x800.png'), join(process.cwd(), 'docs', 'chat-page.png'));

    // The technician makes the chat's ticket; the customer ends the chat and rates the chat at once
    // (the ticket is still open); the satisfaction report counts the rating.
    const ticket = await web.techJson<{ ticketId: number }>(['chat', 'ticket', String(chatId)]);
    expect(ticket.ticketId).toBeGreaterThan(0);
    await page.click('#end-chat');
    await waitForText(page, '#chat-title', 'The chat has ended');
    await page.waitForSelector('#rating-form');
    await page.click('#rating-4');
    await page.type('#rating-comment', 'Quick and kind');
    await page.click('#rating-form button[type=submit]');
    await waitForText(page, '#rated', 'you rated 4 out of 5');
    const report = await web.desk.json<{ totals: { ratings: number; rating4: number } }>([
      'report',
      'satisfaction',
      '--tz',
      'UTC',
    ]);
    expect(report.totals).toMatchObject({ ratings: 1, rating4: 1 });

    // Sign out ends the session: the sign-in form is back, and a reload does not sign in again.
    await page.click('#sign-out');
    await page.waitForSelector('#email');
    await page.reload({ waitUntil: 'domcontentloaded' });
    await page.waitForSelector('#email');
    expect(errors).toEqual([]);
  });
});
