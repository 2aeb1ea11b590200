/**
 * A broken SLA target is mailed: to the assignee, or for an unassigned ticket to the technicians
 * granted its company; never to someone who turned technician mail off. Driven by the manual clock.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDesk, type DbKind, type Desk } from '../helpers/desk.js';
import { advanceClock, fixture, newTicket, type Fixture } from '../helpers/ticket-fixture.js';
import { SmtpReceiver } from '../helpers/smtp-receiver.js';

const MIN = 60_000;

describe.each<DbKind>(['sqlite', 'postgres'])('SLA breach mail to technicians (%s, manual clock)', (kind) => {
  let desk: Desk;
  let f: Fixture;
  let quiet: { id: number; token: string };
  let outsider: { id: number; token: string };
  const smtp = new SmtpReceiver();
  const p = kind === 'sqlite' ? 's' : 't';
  const until = (check: () => Promise<void>) => vi.waitFor(check, { timeout: 15_000, interval: 100 });
  const queued = async () =>
    (await desk.json<Array<{ status: string }>>(['admin', 'mail', 'queue'])).filter(
      (m) => m.status === 'queued' || m.status === 'sending',
    );
  const breachMails = (id: number) =>
    smtp.mails.filter((m) => m.parsed.subject === `[#${id}] SLA breached: Printer on fire`);

  beforeAll(async () => {
    await smtp.start(0);
    desk = await startDesk(kind, { testClock: true });
    f = await fixture(desk, kind === 'sqlite' ? 'S' : 'T');
    const add = (name: string, email: string) =>
      desk.json<{ id: number; token: string }>(['admin', 'technicians', 'add', '--name', name, '--email', email]);
    quiet = await add('Quinn Quiet', `quinn.${p}@example.com`);
    outsider = await add('Olly Outside', `olly.${p}@example.com`);
    await desk.json(['admin', 'grant', String(quiet.id), String(f.company)]);
    await desk.json(['admin', 'grant', String(outsider.id), String(f.other)]);
    const off = await desk.run(['notifications', 'mail', 'off'], { token: quiet.token });
    expect(off.code, off.stderr).toBe(0);
    await desk.json(['admin', 'mail', 'set', '--smtp', smtp.url, '--from', 'Acme IT <it@acme.example>']);
    await desk.json(['admin', 'sla', 'set', '--priority', 'high', '--response', '1h']);
  });
  afterAll(async () => {
    await desk?.close();
    await smtp.stop();
  });

  it('mails the assignee when the response target breaks', async () => {
    const id = await newTicket(desk, f.company, ['--priority', 'high', '--assign', 'me'], f.tech.token);
    await advanceClock(desk, 59 * MIN);
    await until(async () => expect(await queued()).toEqual([]));
    expect(breachMails(id)).toEqual([]);
    await advanceClock(desk, 2 * MIN);
    await until(async () => expect(breachMails(id)).toHaveLength(1));
    const [mail] = breachMails(id);
    expect(mail!.recipients).toEqual([`sam.${kind === 'sqlite' ? 's' : 't'}@example.com`]);
    expect(mail!.parsed.text).toContain(`The response target of ticket #${id} "Printer on fire" (high priority)`);
    expect(mail!.parsed.text).toContain('desk notifications mail off');
    expect(mail!.parsed.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('mails the technicians granted the company of an unassigned ticket, except one who turned mail off', async () => {
    const id = await newTicket(desk, f.company, ['--priority', 'high'], f.tech.token);
    await advanceClock(desk, 61 * MIN);
    await until(async () => expect(breachMails(id)).toHaveLength(1));
    await until(async () => expect(await queued()).toEqual([]));
    expect(breachMails(id).flatMap((m) => m.recipients)).toEqual([`sam.${p}@example.com`]);
  });

  it('mails nobody who turned mail off: the breach stays on the ticket', async () => {
    const off = await desk.run(['notifications', 'mail', 'off'], { token: f.tech.token });
    expect(off.code, off.stderr).toBe(0);
    const id = await newTicket(desk, f.company, ['--priority', 'high', '--assign', 'me'], f.tech.token);
    await advanceClock(desk, 61 * MIN);
    await until(async () => expect(await queued()).toEqual([]));
    expect(breachMails(id)).toEqual([]);
    await desk.run(['notifications', 'mail', 'on'], { token: f.tech.token });
  });
});
