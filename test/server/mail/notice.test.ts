import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesk, type Desk } from '../../helpers/desk.js';
import type { InProcessServer } from '../../helpers/in-process.js';
import { SmtpReceiver } from '../../helpers/smtp-receiver.js';
import { mailNotice } from '../../../src/server/services/mail/notices.js';

describe('automatic mail to one address (an invitation, say), queued with the write that causes it (SQLite)', () => {
  let desk: Desk;
  const smtp = new SmtpReceiver();
  const store = () => (desk.server as InProcessServer).server.store;

  beforeAll(async () => {
    await smtp.start(0);
    desk = await startDesk('sqlite');
  });
  afterAll(async () => {
    await desk?.close();
    await smtp.stop();
  });

  it('sends nothing without a transport, and is sent, marked automatic, once one is set', async () => {
    const notice = {
      to: 'Guest@Example.com',
      subject: 'Join the support session',
      text: 'Join: https://desk.example/j/abc',
    };
    expect(await store().write((scope) => mailNotice(scope, store(), notice))).toBe(false);
    await desk.json(['admin', 'mail', 'set', '--smtp', smtp.url, '--from', 'Acme IT <it@acme.example>']);
    expect(await store().write((scope) => mailNotice(scope, store(), notice))).toBe(true);
    const [mail] = await smtp.received(1);
    expect(mail!.recipients).toEqual(['guest@example.com']);
    expect(mail!.parsed.subject).toBe('Join the support session');
    expect(mail!.parsed.text).toContain('https://desk.example/j/abc');
    expect(mail!.parsed.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('sends nothing when the write that queued it rolls back', async () => {
    const before = (await desk.json<unknown[]>(['admin', 'mail', 'queue'])).length;
    await expect(
      store().write(async (scope) => {
        await mailNotice(scope, store(), { to: 'x@example.com', subject: 's', text: 't' });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await desk.json<unknown[]>(['admin', 'mail', 'queue'])).toHaveLength(before);
  });
});
