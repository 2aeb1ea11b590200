import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesk, type Desk } from '../helpers/desk.js';

describe('desk customer rate', () => {
  let desk: Desk;
  let ticket = 0;
  const profile = ['--profile', 'mel'];

  beforeAll(async () => {
    desk = await startDesk('sqlite');
    const company = (await desk.json<{ id: number }>(['admin', 'companies', 'add', 'Acme'])).id;
    const email = 'mel@customer.example';
    const contact = await desk.json<{ id: number }>([
      'admin',
      'contacts',
      'add',
      '--company',
      String(company),
      '--name',
      'Mel',
      '--email',
      email,
    ]);
    ticket = (
      await desk.json<{ id: number }>([
        'tickets',
        'create',
        '--title',
        'Printer',
        '--company',
        String(company),
        '--requester',
        String(contact.id),
      ])
    ).id;
    const login = ['customer', 'login', '--server', desk.server.url, '--email', email, ...profile];
    expect((await desk.run(login)).code).toBe(0);
    const { code } = await desk.json<{ code: string }>(['admin', 'contacts', 'code', email]);
    expect((await desk.run([...login, '--code', code])).code).toBe(0);
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('refuses a rating out of range or on an unresolved ticket, then records one on a resolved ticket', async () => {
    const bad = await desk.run(['customer', 'rate', String(ticket), '6', ...profile]);
    expect(bad.code).toBe(5);
    expect(bad.stderr).toContain('from 1 to 5');
    const early = await desk.run(['customer', 'rate', String(ticket), '4', ...profile]);
    expect(early.code).toBe(5);
    await desk.json(['tickets', 'update', String(ticket), '--status', 'resolved']);
    const rated = await desk.json<{ rating: number; comment: string }>([
      'customer',
      'rate',
      String(ticket),
      '4',
      '--comment',
      'Quick fix',
      ...profile,
    ]);
    expect(rated).toMatchObject({ rating: 4, comment: 'Quick fix' });
    const shown = await desk.json<{ requesterPanel: { satisfaction: { ticket: { rating: number } } } }>([
      'tickets',
      'show',
      String(ticket),
    ]);
    expect(shown.requesterPanel.satisfaction.ticket.rating).toBe(4);
  });
});
