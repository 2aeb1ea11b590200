import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStream } from '../../src/client/events.js';
import type { DeskEvent } from '../../src/core/events.js';
import { startDesk, type Desk } from '../helpers/desk.js';
import {
  advanceClock,
  fixture,
  newTicket,
  type CommentResultJson,
  type TicketDetailJson,
  type Fixture,
} from '../helpers/ticket-fixture.js';
import { zipOf } from '../helpers/zip.js';

const DAY = 24 * 3_600_000;

interface Notification {
  id: number;
  ticket: { id: number; title: string };
  by: { id: number; name: string };
  excerpt: string;
  createdAt: string;
  read: boolean;
}

describe('comments: CC, mentions, templates, resolution, conversation view, files (SQLite, manual clock)', () => {
  let desk: Desk;
  let f: Fixture;
  let dir: string;
  let kim: { id: number; token: string };
  const show = (id: number, extra: string[] = []) =>
    desk.json<TicketDetailJson>(['tickets', 'show', String(id), ...extra]);
  const file = (name: string, data: Buffer | string) => {
    const path = join(dir, name);
    writeFileSync(path, data);
    return path;
  };

  beforeAll(async () => {
    desk = await startDesk('sqlite', { testClock: true });
    f = await fixture(desk);
    kim = await desk.json(['admin', 'technicians', 'add', '--name', 'Kim Lee', '--email', 'kim@example.com']);
    dir = mkdtempSync(join(tmpdir(), 'desk-files-'));
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('replies with CC recipients (e-mail addresses and technicians)', async () => {
    const id = await newTicket(desk, f.company, ['--requester', String(f.contact)]);
    const d = await desk.json<CommentResultJson>([
      'tickets',
      'reply',
      String(id),
      '--message',
      'Fixed?',
      '--cc',
      'boss@acme.com',
      '--cc',
      'Sam Rivera',
    ]);
    expect(d.ticket.id).toBe(id);
    expect(d.comment.cc).toEqual([
      { kind: 'email', email: 'b***@acme.com' },
      { kind: 'technician', id: f.tech.id, name: 'Sam Rivera' },
    ]);
    for (const bad of ['not an address@', 'Nobody Known', '424242']) {
      const res = await desk.run(['tickets', 'reply', String(id), '--message', 'x', '--cc', bad]);
      expect(res.code, bad).toBe(5);
    }
    // Kim is not granted this company: a CC would show her a ticket she may not see.
    const notGranted = await desk.run(['tickets', 'reply', String(id), '--message', 'x', '--cc', String(kim.id)]);
    expect(notGranted.code).toBe(5);
    expect(notGranted.stderr).toContain("Kim Lee has no access to this ticket's company");
    const onNote = await desk.run(['tickets', 'note', String(id), '--message', 'x', '--cc', 'boss@acme.com']);
    expect(onNote.code).toBe(2);
    expect((await show(id)).comments).toHaveLength(1);
  });

  it('notifies @mentioned technicians as events addressed to them; kept 7 days by the server clock', async () => {
    const id = await newTicket(desk, f.company);
    const stream = new EventStream({ server: desk.server.url, token: f.tech.token, since: 0 }).start();
    const got = new Promise<DeskEvent>((resolve) =>
      stream.on('event', (e) => {
        if (e.type === 'notification.created') resolve(e);
      }),
    );
    const kimStream = new EventStream({ server: desk.server.url, token: kim.token, since: 0 }).start();
    const kimSaw: DeskEvent[] = [];
    kimStream.on('event', (e) => kimSaw.push(e));
    await desk.json(['tickets', 'note', String(id), '--message', 'Can @sam check the toner? mail melissa@gmail.com']);
    const event = await got;
    stream.stop();
    expect((event.data.notification as Notification).ticket.id).toBe(id);
    const list = await desk.json<Notification[]>(['notifications'], { token: f.tech.token });
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ ticket: { id }, by: { name: 'Ada Admin' }, read: false });
    expect(list[0]!.excerpt).toContain('Can @sam check the toner?');
    expect(await desk.json<Notification[]>(['notifications'])).toEqual([]);
    // Kim is not granted this company: mentioning her notifies nobody.
    await desk.json(['tickets', 'note', String(id), '--message', '@kim have a look']);
    expect(await desk.json<Notification[]>(['notifications'], { token: kim.token })).toEqual([]);
    kimStream.stop();
    expect(kimSaw.filter((e) => e.type === 'notification.created')).toEqual([]);
    const read = await desk.run(['notifications', 'read', String(list[0]!.id)], { token: f.tech.token });
    expect(read.code).toBe(0);
    expect(await desk.json<Notification[]>(['notifications', '--unread'], { token: f.tech.token })).toEqual([]);
    expect((await desk.run(['notifications', 'read', String(list[0]!.id)])).code).toBe(3);
    await desk.json(['tickets', 'note', String(id), '--message', '@sam.rivera second ping']);
    expect(await desk.json<Notification[]>(['notifications', '--unread'], { token: f.tech.token })).toHaveLength(1);
    await advanceClock(desk, 7 * DAY - 60_000);
    expect(await desk.json<Notification[]>(['notifications'], { token: f.tech.token })).toHaveLength(2);
    await advanceClock(desk, 60_000);
    expect(await desk.json<Notification[]>(['notifications'], { token: f.tech.token })).toEqual([]);
    expect((await desk.run(['notifications', 'read'], { token: f.tech.token })).code).toBe(2);
    expect((await desk.run(['notifications', 'read', 'x'], { token: f.tech.token })).code).toBe(5);
  });

  it('fills reply templates; refuses unknown placeholders and templates', async () => {
    const id = await newTicket(desk, f.company, ['--requester', String(f.contact)]);
    const add = await desk.run([
      'templates',
      'add',
      'Printer fixed',
      '--body',
      'Hi {{requester.first_name}}, ticket #{{ticket.id}} is fixed. {{ technician.name }}',
    ]);
    expect(add.code).toBe(0);
    expect((await desk.run(['templates', 'add', 'Bad', '--body', 'Hi {{requester.age}}'])).code).toBe(5);
    expect((await desk.run(['templates', 'add', 'printer fixed', '--body', 'dup'])).code).toBe(5);
    const list = await desk.json<Array<{ name: string }>>(['templates', 'list']);
    expect(list.map((t) => t.name)).toEqual(['Printer fixed']);
    const d = await desk.json<CommentResultJson>(['tickets', 'reply', String(id), '--template', 'printer fixed'], {
      token: f.tech.token,
    });
    expect(d.comment.body).toBe(`Hi Melissa, ticket #${id} is fixed. Sam Rivera`);
    expect((await desk.run(['tickets', 'reply', String(id), '--template', 'nope'])).code).toBe(3);
    expect(
      (await desk.run(['tickets', 'reply', String(id), '--template', 'Printer fixed', '--message', 'x'])).code,
    ).toBe(5);
    expect((await desk.run(['tickets', 'reply', String(id)])).code).toBe(2);
    expect((await show(id)).comments).toHaveLength(1);
    expect((await desk.run(['templates', 'rm', 'Printer fixed'], { token: f.tech.token })).code).toBe(4);
    expect((await desk.run(['templates', 'rm', 'Printer fixed'])).code).toBe(0);
    expect(await desk.json(['templates', 'list'])).toEqual([]);
  });

  it('marks a resolution and shows the conversation oldest/newest first, public/internal only', async () => {
    const id = await newTicket(desk, f.company, ['--message', 'n1']);
    await advanceClock(desk, 1000);
    await desk.json(['tickets', 'reply', String(id), '--message', 'r1']);
    await advanceClock(desk, 1000);
    await desk.json([
      'tickets',
      'note',
      String(id),
      '--message',
      'Replaced the fuser',
      '--resolution',
      '--status',
      'resolved',
    ]);
    await advanceClock(desk, 1000);
    await desk.json(['tickets', 'reply', String(id), '--message', 'r2']);
    const d = await show(id);
    expect(d.status).toBe('resolved');
    expect(d.resolution).toMatchObject({ body: 'Replaced the fuser' });
    expect(d.comments.map((c) => c.body)).toEqual(['n1', 'r1', 'Replaced the fuser', 'r2']);
    expect(d.comments.map((c) => c.resolution)).toEqual([false, false, true, false]);
    expect((await show(id, ['--order', 'newest'])).comments.map((c) => c.body)).toEqual([
      'r2',
      'Replaced the fuser',
      'r1',
      'n1',
    ]);
    const pub = await show(id, ['--only', 'public', '--order', 'newest']);
    expect(pub.comments.map((c) => c.body)).toEqual(['r2', 'r1']);
    expect(pub.commentsTotal).toBe(4);
    expect(pub.resolution?.body).toBe('Replaced the fuser');
    expect((await show(id, ['--only', 'INTERNAL'])).comments.map((c) => c.body)).toEqual(['n1', 'Replaced the fuser']);
    const human = await desk.run(['tickets', 'show', String(id), '--only', 'public']);
    expect(human.stdout).toContain('Conversation (2 of 4)');
    expect(human.stdout).toMatch(/Resolution\n.*internal note.*\n {2}Replaced the fuser/);
    for (const args of [
      ['--order', 'sideways'],
      ['--only', 'everyone'],
    ]) {
      expect((await desk.run(['tickets', 'show', String(id), ...args])).code).toBe(5);
    }
  });

  it('attaches files checked by content, lists them and serves them as downloads', async () => {
    const id = await newTicket(desk, f.company);
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(64)]);
    const pngPath = file('screen shot.png', png);
    const logPath = file('app.log', 'ERROR disk full\n');
    const d = await desk.json<CommentResultJson>([
      'tickets',
      'note',
      String(id),
      '--message',
      'see files',
      '--attach',
      pngPath,
      '--attach',
      logPath,
    ]);
    const files = d.comment.attachments;
    expect(files.map((a) => [a.name, a.mime, a.size])).toEqual([
      ['screen shot.png', 'image/png', png.length],
      ['app.log', 'text/plain; charset=utf-8', 16],
    ]);
    const listed = await desk.json<Array<{ id: number; name: string }>>(['tickets', 'attachments', String(id)]);
    expect(listed.map((a) => a.name)).toEqual(['screen shot.png', 'app.log']);
    const out = join(dir, 'copy.png');
    expect((await desk.run(['tickets', 'download', String(id), String(listed[0]!.id), '-o', out])).code).toBe(0);
    expect(readFileSync(out).equals(png)).toBe(true);
    const res = await fetch(`${desk.server.url}/v1/tickets/${id}/attachments/${listed[0]!.id}/content`, {
      headers: { authorization: `Bearer ${desk.adminToken}` },
    });
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="screen shot.png"; filename*=UTF-8''screen%20shot.png`,
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-type')).toBe('image/png');
    const other = await newTicket(desk, f.other);
    expect((await desk.run(['tickets', 'attachments', String(other)], { token: f.tech.token })).code).toBe(3);
    expect((await desk.run(['tickets', 'download', String(id), '999'])).code).toBe(3);
  });

  it.each([
    ['the server first, a dead one after it', (url: string) => `${url},http://127.0.0.1:1`],
    ['a dead server first', (url: string) => `http://127.0.0.1:1,${url}`],
  ])('replies with a file and downloads it with DESK_SERVER listing %s', async (_, servers) => {
    const id = await newTicket(desk, f.company);
    const env = { DESK_SERVER: servers(desk.server.url) };
    const notePath = file('failover.txt', 'printer queue restarted\n');
    const replied = await desk.spawn(['tickets', 'reply', String(id), '--message', 'hi', '--attach', notePath], {
      env,
    });
    expect(replied.stderr).toBe(`✓ Replied on ticket #${id}\n`);
    expect(replied.code).toBe(0);
    const [attachment] = await desk.json<Array<{ id: number; name: string }>>(['tickets', 'attachments', String(id)]);
    expect(attachment!.name).toBe('failover.txt');
    const out = join(dir, `failover-copy-${id}.txt`);
    const downloaded = await desk.spawn(['tickets', 'download', String(id), String(attachment!.id), '-o', out], {
      env,
    });
    expect(downloaded.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe('printer queue restarted\n');
  });

  it('refuses disallowed, disguised, oversized and bomb files with exit 5 and adds no comment', async () => {
    const id = await newTicket(desk, f.company);
    const exe = file('setup.pdf', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)]));
    const disguised = file('notes.pdf', 'just text, not a pdf\n');
    const big = file('big.log', Buffer.alloc(20 * 1024 * 1024 + 1, 0x61));
    // 64 MB of zeros, declared as 1 KB: only inflating tells.
    const bomb = file(
      'bomb.zip',
      zipOf([{ name: 'zeros.txt', data: deflateRawSync(Buffer.alloc(64 * 1024 * 1024)), size: 1024, method: 8 }]),
    );
    const inner = zipOf([{ name: 'a.txt', data: Buffer.from('hi'), size: 2, method: 0 }]);
    const middle = zipOf([{ name: 'inner.zip', data: inner, size: inner.length, method: 0 }]);
    const nested = file('nested.zip', zipOf([{ name: 'middle.zip', data: middle, size: middle.length, method: 0 }]));
    for (const [path, why] of [
      [exe, /not allowed/],
      [disguised, /does not match its name/],
      [big, /larger than 20 MB/],
      [bomb, /refused: it expands to too much data/],
      [nested, /nested too deeply/],
      [join(dir, 'missing.txt'), /cannot read/],
    ] as Array<[string, RegExp]>) {
      const res = await desk.run(['tickets', 'note', String(id), '--message', 'file', '--attach', path]);
      expect(res.code, path).toBe(5);
      expect(res.stderr).toMatch(why);
    }
    const ok = file(
      'ok.zip',
      zipOf([{ name: 'readme.txt', data: deflateRawSync(Buffer.from('hello '.repeat(100))), size: 600, method: 8 }]),
    );
    expect((await desk.run(['tickets', 'note', String(id), '--message', 'zip', '--attach', ok])).code).toBe(0);
    const d = await show(id);
    expect(d.comments.map((c) => c.body)).toEqual(['zip']);
    expect(await desk.json<unknown[]>(['tickets', 'attachments', String(id)])).toHaveLength(1);
  });
});
