import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDesk, type DbKind, type Desk } from '../helpers/desk.js';
import {
  advanceClock,
  fixture,
  type Fixture,
  type TicketDetailJson,
  type TicketJson,
} from '../helpers/ticket-fixture.js';
import { Dovecot } from '../helpers/dovecot.js';
import { zipOf } from '../helpers/zip.js';

const POLL_MS = 30_000;
const HOUR_MS = 3_600_000;

interface Part {
  readonly name: string;
  readonly type: string;
  readonly data: Buffer;
}

/** A raw mail: a text body (or the given body part) and files, as a mail client would send them. */
function rawMail(headers: Record<string, string>, body: string | Buffer, files: readonly Part[] = []): Buffer {
  const head = Object.entries({ Date: new Date().toUTCString(), 'MIME-Version': '1.0', ...headers })
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
  const text = typeof body === 'string' ? Buffer.from(body.replace(/\n/g, '\r\n')) : body;
  if (files.length === 0) {
    const type = headers['Content-Type'] ? '' : 'Content-Type: text/plain; charset=utf-8\r\n';
    return Buffer.concat([Buffer.from(`${head}\r\n${type}\r\n`), text, Buffer.from('\r\n')]);
  }
  const b = 'deskline-test-boundary';
  const parts = files.map((f) =>
    Buffer.from(
      `--${b}\r\nContent-Type: ${f.type}; name="${f.name}"\r\nContent-Disposition: attachment; filename="${f.name}"\r\n` +
        `Content-Transfer-Encoding: base64\r\n\r\n${f.data.toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n`,
    ),
  );
  return Buffer.concat([
    Buffer.from(`${head}\r\nContent-Type: multipart/mixed; boundary="${b}"\r\n\r\n`),
    Buffer.from(`--${b}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n`),
    text,
    Buffer.from('\r\n'),
    ...parts,
    Buffer.from(`--${b}--\r\n`),
  ]);
}

describe.each<DbKind>(['sqlite', 'postgres'])(
  'hostile and unwanted mail read from Dovecot (%s, manual clock)',
  (kind) => {
    let desk: Desk;
    let f: Fixture;
    const imap = new Dovecot();
    const until = (check: () => Promise<void>) => vi.waitFor(check, { timeout: 20_000, interval: 100 });
    const list = async (extra: string[] = []) =>
      (await desk.json<{ items: TicketJson[] }>(['tickets', 'list', '--status', 'all', '--limit', '200', ...extra]))
        .items;
    const show = (id: number) => desk.json<TicketDetailJson>(['tickets', 'show', String(id)]);
    const allRead = () => until(async () => expect((await imap.inbox()).every((m) => m.seen)).toBe(true));
    /** Delivers the mails and waits until the next read has taken them all. */
    const deliverAll = async (...mails: Buffer[]) => {
      for (const m of mails) await imap.deliver(m);
      await advanceClock(desk, POLL_MS);
      await allRead();
    };
    const byTitle = async (title: string, extra: string[] = []) => (await list(extra)).filter((t) => t.title === title);
    const from = (who: string) => `${who}.${kind}@customer.example`;

    beforeAll(async () => {
      await imap.start();
      desk = await startDesk(kind, { testClock: true });
      f = await fixture(desk, kind === 'sqlite' ? 'S' : 'T');
      await desk.json(['admin', 'mailboxes', 'add', '--imap', imap.url, '--company', String(f.company)]);
      await allRead();
    });
    afterAll(async () => {
      await desk?.close();
      await imap.stop();
    });

    it('stores the files that pass the upload checks and the original .eml, logging each refused file with its reason', async () => {
      const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
      // 64 MB of zeros, declared as 1 KB: only inflating tells.
      const bomb = zipOf([
        { name: 'zeros.txt', data: deflateRawSync(Buffer.alloc(64 * 1024 * 1024)), size: 1024, method: 8 },
      ]);
      const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)]);
      await deliverAll(
        rawMail(
          {
            From: `Ann <${from('ann')}>`,
            To: 'it@acme.example',
            Subject: 'Scanner logs',
            'Message-ID': `<files-${kind}@x>`,
          },
          'Logs attached.',
          [
            { name: 'report.pdf', type: 'application/pdf', data: pdf },
            { name: 'scan.log', type: 'text/plain', data: Buffer.from('scan failed at 10:02\n') },
            { name: 'bomb.zip', type: 'application/zip', data: bomb },
            { name: 'setup.pdf', type: 'application/pdf', data: exe },
          ],
        ),
      );
      const [ticket] = await byTitle('Scanner logs');
      const detail = await show(ticket!.id);
      expect(detail.comments[0]!.body).toBe('Logs attached.');
      expect(detail.comments[0]!.attachments.map((a) => [a.name, a.mime])).toEqual([
        ['report.pdf', 'application/pdf'],
        ['scan.log', 'text/plain; charset=utf-8'],
        ['message.eml', 'message/rfc822'],
      ]);
      const refused = detail.activity.filter((a) => a.field === 'mail attachment refused').map((a) => a.newValue);
      expect(refused).toEqual([
        'bomb.zip: the archive was refused: it expands to too much data',
        expect.stringMatching(/^setup\.pdf: this type of file is not allowed/),
      ]);
      const eml = detail.comments[0]!.attachments.find((a) => a.name === 'message.eml')!;
      const out = join(mkdtempSync(join(tmpdir(), 'desk-eml-')), 'original.eml');
      const res = await desk.run(['tickets', 'download', String(ticket!.id), String(eml.id), '-o', out]);
      expect(res.code).toBe(0);
      const original = readFileSync(out, 'latin1');
      expect(original).toContain('Subject: Scanner logs');
      expect(original).toContain('filename="bomb.zip"');
    });

    it('refuses a file over 20 MB (and keeps no .eml of a mail that size) but imports the rest of the mail', async () => {
      await deliverAll(
        rawMail(
          { From: from('ben'), To: 'it@acme.example', Subject: 'Huge log', 'Message-ID': `<huge-${kind}@x>` },
          'The log is big.',
          [
            { name: 'huge.log', type: 'text/plain', data: Buffer.alloc(20 * 1024 * 1024 + 1, 0x61) },
            { name: 'small.log', type: 'text/plain', data: Buffer.from('ok\n') },
          ],
        ),
      );
      const [ticket] = await byTitle('Huge log');
      const detail = await show(ticket!.id);
      expect(detail.comments[0]!.body).toBe('The log is big.');
      expect(detail.comments[0]!.attachments.map((a) => a.name)).toEqual(['small.log']);
      expect(detail.activity.filter((a) => a.field === 'mail attachment refused').map((a) => a.newValue)).toEqual([
        'huge.log: the file is larger than 20 MB',
        'message.eml: the original message is larger than 20 MB and was not kept',
      ]);
    });

    it('makes mail marked as spam by its headers a spam ticket, also when it names an open ticket', async () => {
      const [open] = await byTitle('Scanner logs');
      const before = (await show(open!.id)).comments.length;
      await deliverAll(
        rawMail(
          {
            From: from('ann'),
            To: 'it@acme.example',
            Subject: `Re: [#${open!.id}] Cheap pills`,
            'X-Spam-Flag': 'YES',
            'Message-ID': `<spam1-${kind}@x>`,
          },
          'Buy now.',
        ),
        rawMail(
          {
            From: from('cat'),
            To: 'it@acme.example',
            Subject: 'You won',
            'X-Spam-Status': 'Yes, score=12.3 required=5.0',
            'Message-ID': `<spam2-${kind}@x>`,
          },
          'Claim your prize.',
        ),
        rawMail(
          {
            From: from('cat'),
            To: 'it@acme.example',
            Subject: 'Real question',
            'X-Spam-Status': 'No, score=0.1 required=5.0',
            'X-Spam-Flag': 'NO',
            'Message-ID': `<ham-${kind}@x>`,
          },
          'How do I reset my password?',
        ),
      );
      expect((await show(open!.id)).comments).toHaveLength(before);
      const spam = await list(['--spam']);
      const titles = spam.map((t) => t.title).sort();
      expect(titles).toEqual([`Re: [#${open!.id}] Cheap pills`, 'You won']);
      const detail = await show(spam[0]!.id);
      expect(detail.spam).toBe(true);
      expect(detail.activity.some((a) => a.field === 'spam' && a.newValue?.startsWith('yes'))).toBe(true);
      expect((await byTitle('You won')).length).toBe(0);
      expect((await byTitle('Real question'))[0]!.spam).toBe(false);
    });

    it('opens at most mail.sender-limit tickets per sender in an hour; their replies still land', async () => {
      const bad = await desk.run(['admin', 'settings', 'set', 'mail.sender-limit', '0']);
      expect(bad.code).toBe(5);
      expect(bad.stderr).toContain('mail.sender-limit must be a whole number from 1 to 10000');
      expect((await desk.run(['admin', 'settings', 'set', 'mail.sender-limit', '3'])).code).toBe(0);
      const flood = (n: number) =>
        rawMail(
          { From: from('dan'), To: 'it@acme.example', Subject: `Flood ${n}`, 'Message-ID': `<flood-${n}-${kind}@x>` },
          `Mail ${n}`,
        );
      await deliverAll(...[1, 2, 3, 4, 5, 6].map(flood));
      const opened = (await list())
        .filter((t) => t.title.startsWith('Flood'))
        .map((t) => t.title)
        .sort();
      expect(opened).toEqual(['Flood 1', 'Flood 2', 'Flood 3']);
      // Another sender is not held back by this one.
      await deliverAll(
        rawMail(
          { From: from('eve'), To: 'it@acme.example', Subject: 'Eve asks', 'Message-ID': `<eve-${kind}@x>` },
          'Hi',
        ),
      );
      expect(await byTitle('Eve asks')).toHaveLength(1);
      const [first] = await byTitle('Flood 1');
      await deliverAll(
        rawMail(
          {
            From: from('dan'),
            To: 'it@acme.example',
            Subject: `Re: [#${first!.id}] Flood 1`,
            'Message-ID': `<flood-re-${kind}@x>`,
          },
          'More detail.',
        ),
      );
      expect((await show(first!.id)).comments.at(-1)!.body).toBe('More detail.');
      await advanceClock(desk, HOUR_MS);
      await deliverAll(flood(7));
      expect(await byTitle('Flood 7')).toHaveLength(1);
      await desk.run(['admin', 'settings', 'unset', 'mail.sender-limit']);
    });

    it('stores hostile mail inert: escape sequences, a <script> HTML-only body, an unknown charset', async () => {
      const esc = '\u001b';
      await deliverAll(
        rawMail(
          {
            From: from('fay'),
            To: 'it@acme.example',
            Subject: `=?utf-8?q?Hello=1B[2J=1B]0;pwned=07_world?=`,
            'Message-ID': `<esc-${kind}@x>`,
          },
          `Line one${esc}[31m red${esc}]8;;http://evil.example${esc}\\ link`,
        ),
        rawMail(
          {
            From: from('fay'),
            To: 'it@acme.example',
            Subject: 'Html only',
            'Content-Type': 'text/html; charset=utf-8',
            'Message-ID': `<html-${kind}@x>`,
          },
          '<p>Please <b>help</b></p><script>alert("x")</script><img src=x onerror=alert(1)>',
        ),
        rawMail(
          {
            From: from('fay'),
            To: 'it@acme.example',
            Subject: 'Odd charset',
            'Content-Type': 'text/plain; charset=x-no-such-charset',
            'Message-ID': `<charset-${kind}@x>`,
          },
          Buffer.concat([Buffer.from('before '), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from(' after')]),
        ),
      );
      const mine = (await list()).filter((t) => /^Hello|^Html only$|^Odd charset$/.test(t.title));
      expect(mine).toHaveLength(3);
      const hello = mine.find((t) => t.title.startsWith('Hello'))!;
      expect(hello.title).not.toContain(esc);
      expect(hello.title).toContain('world');
      const shown = await desk.run(['tickets', 'show', String(hello.id)]);
      expect(shown.code).toBe(0);
      expect(shown.stdout).not.toContain(esc);
      expect(shown.stdout).toContain('Line one');
      const html = (await show(mine.find((t) => t.title === 'Html only')!.id)).comments[0]!.body;
      expect(html).toContain('Please');
      expect(html).toContain('help');
      expect(html).not.toMatch(/<script|alert|onerror/);
      const odd = (await show(mine.find((t) => t.title === 'Odd charset')!.id)).comments[0]!.body;
      expect(odd.trim()).toMatch(/^before \uFFFD+ after$/);
      expect((await desk.run(['admin', 'mailboxes', 'list'])).code).toBe(0);
    });

    it('refuses a 30 MB attachment and imports the rest of the mail', async () => {
      await deliverAll(
        rawMail(
          { From: from('gil'), To: 'it@acme.example', Subject: 'Disk image', 'Message-ID': `<image-${kind}@x>` },
          'The image is attached.',
          [{ name: 'disk.log', type: 'text/plain', data: Buffer.alloc(30 * 1024 * 1024, 0x62) }],
        ),
      );
      const [ticket] = await byTitle('Disk image');
      const detail = await show(ticket!.id);
      expect(detail.comments[0]!.body).toBe('The image is attached.');
      expect(detail.comments[0]!.attachments).toEqual([]);
      expect(detail.activity.filter((a) => a.field === 'mail attachment refused').map((a) => a.newValue)).toEqual([
        'disk.log: the file is larger than 20 MB',
        'message.eml: the original message is larger than 20 MB and was not kept',
      ]);
    });

    it('reads bytes invalid in the declared charset, and a subject in an unknown charset, without failing', async () => {
      await deliverAll(
        rawMail(
          {
            From: from('hal'),
            To: 'it@acme.example',
            Subject: 'Broken utf-8',
            'Content-Type': 'text/plain; charset=utf-8',
            'Message-ID': `<badutf8-${kind}@x>`,
          },
          Buffer.concat([Buffer.from('before '), Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xff]), Buffer.from(' after')]),
        ),
        rawMail(
          {
            From: from('hal'),
            To: 'it@acme.example',
            Subject: '=?x-no-such-charset?q?Strange=FF=1B[2J_subject?=',
            'Message-ID': `<badsubject-${kind}@x>`,
          },
          'Body is fine.',
        ),
      );
      const [broken] = await byTitle('Broken utf-8');
      const body = (await show(broken!.id)).comments[0]!.body;
      expect(body.trim()).toMatch(/^before .*\uFFFD.* after$/);
      const strange = (await list()).filter((t) => t.title.includes('subject') && t.title.includes('Strange'));
      expect(strange).toHaveLength(1);
      expect(strange[0]!.title).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
      expect((await show(strange[0]!.id)).comments[0]!.body.trim()).toBe('Body is fine.');
    });
  },
);
