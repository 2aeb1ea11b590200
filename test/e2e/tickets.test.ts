import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesk, type Desk } from '../helpers/desk.js';

interface Ticket {
  id: number;
  title: string;
  status: string;
  type: string;
  priority: string;
  impact: string;
  activityStatus: string;
  assignee: { id: number; name: string } | null;
  requester: { id: number; name: string; email: string; phone: string | null } | null;
  company: { id: number; name: string };
  tags: string[];
  createdAt: string;
  updatedAt: string;
}
/** What `desk tickets reply|note --json` prints. */
interface Commented {
  ticket: Ticket;
  comment: { kind: string; body: string; truncated: boolean; author: { name: string } };
}
interface Detail extends Ticket {
  comments: Array<{ kind: string; body: string; truncated: boolean; author: { name: string } }>;
  activity: Array<{ field: string; oldValue: string | null; newValue: string | null; actor: { name: string } }>;
}

describe('desk tickets against a real server (SQLite)', () => {
  let desk: Desk;
  let companyA: number;
  let companyB: number;
  let contactA: number;
  let tech: { id: number; token: string };

  beforeAll(async () => {
    desk = await startDesk('sqlite');
    companyA = (await desk.json<{ id: number }>(['admin', 'companies', 'add', 'Acme'])).id;
    companyB = (await desk.json<{ id: number }>(['admin', 'companies', 'add', 'Globex'])).id;
    contactA = (
      await desk.json<{ id: number }>([
        'admin',
        'contacts',
        'add',
        '--company',
        String(companyA),
        '--name',
        'Melissa Grant',
        '--email',
        'melissa@gmail.com',
        '--phone',
        '+447966197542',
      ])
    ).id;
    tech = await desk.json<{ id: number; token: string }>([
      'admin',
      'technicians',
      'add',
      '--name',
      'Sam Tech',
      '--email',
      'sam@example.com',
    ]);
    await desk.json(['admin', 'grant', String(tech.id), String(companyA)]);
  });
  afterAll(async () => {
    await desk?.close();
  });

  /** A company of the test's own, so what other tests create is not in its lists. */
  let companies = 0;
  const ownCompany = async (name: string) => {
    companies += 1;
    return (await desk.json<{ id: number }>(['admin', 'companies', 'add', `${name} ${companies}`])).id;
  };

  /** Creates a ticket with these flags and answers it. */
  const newTicket = (title: string, company: number, ...flags: string[]) =>
    desk.json<Ticket>(['tickets', 'create', '--title', title, '--company', String(company), ...flags]);

  it('creates a ticket and prints its JSON with the documented fields', async () => {
    const t = await desk.json<Ticket>([
      'tickets',
      'create',
      '--title',
      'Printer jam',
      '--company',
      String(companyA),
      '--requester',
      String(contactA),
      '--priority',
      'High',
      '--type',
      'request',
      '--tag',
      'printer',
    ]);
    expect(t).toMatchObject({
      title: 'Printer jam',
      status: 'open',
      type: 'request',
      priority: 'high',
      impact: 'none',
      activityStatus: 'unread',
      assignee: null,
      company: { id: companyA, name: 'Acme' },
      tags: ['printer'],
    });
    expect(t.requester?.email).toBe('m******@gmail.com');
    expect(t.requester?.phone).toBe('*********7542');
    expect(Date.parse(t.createdAt)).not.toBeNaN();
    expect(Date.parse(t.updatedAt)).not.toBeNaN();
  });

  it('lists with filters and prints tab-separated rows when piped', async () => {
    const mine = await ownCompany('Initech');
    const other = await ownCompany('Hooli');
    await newTicket('Printer jam', mine, '--tag', 'printer');
    await newTicket('VPN down', mine, '--priority', 'critical');
    await newTicket('Globex laptop', other, '--priority', 'low');
    const at = (c: number) => ['--company', String(c)];
    const critical = await desk.json<{ items: Ticket[] }>(['tickets', 'list', ...at(mine), '--priority', 'critical']);
    expect(critical.items.map((t) => t.title)).toEqual(['VPN down']);
    const plain = await desk.run(['tickets', 'list', ...at(other)]);
    expect(plain.code).toBe(0);
    const cells = plain.stdout.trim().split('\t');
    expect(cells[1]).toBe('open');
    expect(cells[3]).toBe('Globex laptop');
    const search = await desk.json<{ items: Ticket[] }>(['tickets', 'list', ...at(mine), '--search', 'printer']);
    expect(search.items.map((t) => t.title)).toEqual(['Printer jam']);
    const tagged = await desk.json<{ items: Ticket[] }>(['tickets', 'list', ...at(mine), '--tag', 'printer']);
    expect(tagged.items).toHaveLength(1);
  });

  it('pages with a cursor without gaps or repeats', async () => {
    const company = await ownCompany('Paged');
    for (let i = 0; i < 6; i++) await newTicket(`Paged ${i}`, company);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const args: string[] = ['tickets', 'list', '--company', String(company), '--limit', '2'];
      if (cursor) args.push('--cursor', cursor);
      const page: { items: Ticket[]; nextCursor: string | null } = await desk.json(args);
      seen.push(...page.items.map((t) => t.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
    expect([...seen].sort((a, b) => b - a)).toEqual(seen);
  });

  it('updates fields and records each change in the activity log', async () => {
    const t = await desk.json<Ticket>(['tickets', 'create', '--title', 'Slow Wi-Fi', '--company', String(companyA)]);
    const upd = await desk.run([
      'tickets',
      'update',
      String(t.id),
      '--status',
      'Pending',
      '--priority',
      'high',
      '--assign',
      String(tech.id),
      '--tag',
      'wifi',
    ]);
    expect(upd.code).toBe(0);
    expect(upd.stdout).toBe('');
    expect(upd.stderr).toContain(`Updated ticket #${t.id}`);
    const d = await desk.json<Detail>(['tickets', 'show', String(t.id)]);
    expect(d).toMatchObject({
      status: 'pending',
      priority: 'high',
      assignee: { id: tech.id, name: 'Sam Tech' },
      tags: ['wifi'],
    });
    const fields = d.activity.map((a) => `${a.field}:${a.oldValue ?? ''}>${a.newValue ?? ''}`);
    expect(fields).toEqual(
      expect.arrayContaining(['status:open>pending', 'priority:medium>high', 'assignee:>Sam Tech', 'tags:>wifi']),
    );
    expect(d.activity.every((a) => a.actor.name === 'Ada Admin')).toBe(true);
  });

  it('replies and notes, with status in the same action and activity status kept', async () => {
    const t = await desk.json<Ticket>(['tickets', 'create', '--title', 'Mailbox full', '--company', String(companyA)]);
    const seen = await desk.json<Detail>(['tickets', 'show', String(t.id)], { token: tech.token });
    expect(seen.activityStatus).toBe('read');
    const replied = await desk.json<Commented>([
      'tickets',
      'reply',
      String(t.id),
      '--message',
      'Call me at +447966197542',
      '--status',
      'pending',
    ]);
    expect(replied.ticket.status).toBe('pending');
    expect(replied.ticket.activityStatus).toBe('awaiting_requester_reply');
    expect(replied.comment).toMatchObject({ kind: 'reply', body: 'Call me at *********7542' });
    const noted = await desk.json<Commented>(['tickets', 'note', String(t.id), '--message', '-'], {
      input: 'internal only\n',
    });
    expect(noted.comment).toMatchObject({ kind: 'note', body: 'internal only\n' });
    expect(noted.ticket.activityStatus).toBe('awaiting_requester_reply');
    expect(noted).not.toHaveProperty('comments');
  });

  it('stores a comment over 64,000 characters truncated with an ellipsis', async () => {
    const t = await desk.json<Ticket>(['tickets', 'create', '--title', 'Long log', '--company', String(companyA)]);
    const d = await desk.json<Commented>(['tickets', 'note', String(t.id), '--message', '-'], {
      input: 'x'.repeat(70_000),
    });
    const body = d.comment.body;
    expect(Array.from(body)).toHaveLength(64_000);
    expect(body.endsWith('…')).toBe(true);
    expect(d.comment.truncated).toBe(true);
  });

  it('keeps a technician to granted companies: 404 for single objects, absent from lists', async () => {
    const granted = await newTicket('Acme visible', companyA);
    const other = await desk.json<Ticket>([
      'tickets',
      'create',
      '--title',
      'Globex secret',
      '--company',
      String(companyB),
    ]);
    const list = await desk.json<{ items: Ticket[] }>(['tickets', 'list', '--status', 'all', '--limit', '500'], {
      token: tech.token,
    });
    expect(list.items.map((t) => t.id)).toContain(granted.id);
    expect(list.items.every((t) => t.company.id === companyA)).toBe(true);
    const show = await desk.run(['tickets', 'show', String(other.id)], { token: tech.token });
    expect(show.code).toBe(3);
    expect(show.stdout).toBe('');
    expect(show.stderr).not.toContain('Globex secret');
    const upd = await desk.run(['tickets', 'update', String(other.id), '--status', 'closed'], { token: tech.token });
    expect(upd.code).toBe(3);
    const create = await desk.run(['tickets', 'create', '--title', 'x', '--company', String(companyB)], {
      token: tech.token,
    });
    expect(create.code).toBe(5);
    const after = await desk.json<Detail>(['tickets', 'show', String(other.id)]);
    expect(after.status).toBe('open');
    const companies = await desk.json<Array<{ id: number }>>(['admin', 'companies', 'list'], { token: tech.token });
    expect(companies.map((c) => c.id)).toEqual([companyA]);
  });

  /** Stand-ins in the arguments below for the test's own ticket and Acme. */
  const ID = '<ticket>';
  const ACME = '<acme>';
  it.each([
    [
      'update --status sleeping',
      ['update', ID, '--status', 'sleeping'],
      'unknown status "sleeping" (valid: open, pending, resolved, closed)',
    ],
    ['update --title blank', ['update', ID, '--title', '   '], 'title: must not be empty'],
    [
      'update --priority urgent',
      ['update', ID, '--priority', 'urgent'],
      'unknown --priority "urgent" (valid: low, medium, high, critical)',
    ],
    [
      'update of a ticket id that is not a number',
      ['update', 'abc', '--status', 'open'],
      'ticket id must be a positive integer, got "abc"',
    ],
    ['create with an empty title', ['create', '--title', '', '--company', ACME], 'title: must not be empty'],
    [
      'create with a company name for its id',
      ['create', '--title', 'x', '--company', 'Acme'],
      '--company must be a positive integer, got "Acme"',
    ],
    ['list --status nope', ['list', '--status', 'nope'], 'unknown status "nope"'],
    ['list --limit ten', ['list', '--limit', 'ten'], '--limit must be a whole number from 1 to 500'],
    ['reply with a blank message', ['reply', ID, '--message', '  '], 'the message is empty'],
    ['update --assign to nobody known', ['update', ID, '--assign', '99999'], 'technician 99999 does not exist'],
  ])('refuses %s with exit 5 and its reason, and changes nothing', async (_what, args, reason) => {
    const t = await newTicket('Stable', companyA);
    const res = await desk.run([
      'tickets',
      ...args.map((a) => (a === ID ? String(t.id) : a === ACME ? String(companyA) : a)),
    ]);
    expect({ code: res.code, stderr: res.stderr }).toEqual({ code: 5, stderr: `error: ${reason}\n` });
    const d = await desk.json<Detail>(['tickets', 'show', String(t.id)]);
    expect(d).toMatchObject({ title: 'Stable', status: 'open', priority: 'medium', assignee: null, comments: [] });
    expect(d.activity.map((a) => a.field)).toEqual(['created']);
  });

  it('answers usage errors with 2, missing tickets with 3, bad tokens with 4, no server with 6', async () => {
    expect((await desk.run(['tickets', 'frobnicate'])).code).toBe(2);
    expect((await desk.run(['tickets', 'update', '1'])).code).toBe(2);
    expect((await desk.run(['tickets', 'show', '999999'])).code).toBe(3);
    const bad = await desk.run(['tickets', 'list'], { token: 'dsk_wrong' });
    expect(bad.code).toBe(4);
    expect(bad.stderr).toContain('invalid or revoked API token');
    const down = await desk.run(['tickets', 'list'], { env: { DESK_SERVER: 'http://127.0.0.1:1' } });
    expect(down.code).toBe(6);
    const notAdmin = await desk.run(['admin', 'companies', 'add', 'Nope'], { token: tech.token });
    expect(notAdmin.code).toBe(4);
  });

  it('shows workload per technician', async () => {
    const kim = await desk.json<{ id: number }>([
      'admin',
      'technicians',
      'add',
      '--name',
      'Kim Load',
      '--email',
      'kim.load@example.com',
    ]);
    await desk.json(['admin', 'grant', String(kim.id), String(companyA)]);
    const assign = ['--assign', String(kim.id)];
    await newTicket('Open one', companyA, ...assign);
    const solved = await newTicket('Solved one', companyA, ...assign);
    await desk.json(['tickets', 'update', String(solved.id), '--status', 'resolved']);
    const techs = await desk.json<Array<{ id: number; openTickets: number }>>(['technicians', 'list']);
    expect(techs.find((t) => t.id === kim.id)?.openTickets).toBe(1);
  });

  it('revokes a token at once', async () => {
    const t2 = await desk.json<{ id: number; token: string }>([
      'admin',
      'technicians',
      'add',
      '--name',
      'Temp',
      '--email',
      'temp@example.com',
    ]);
    expect((await desk.run(['whoami'], { token: t2.token })).code).toBe(0);
    expect((await desk.run(['admin', 'technicians', 'revoke', String(t2.id)])).code).toBe(0);
    expect((await desk.run(['whoami'], { token: t2.token })).code).toBe(4);
  });

  it('refuses --no-mask unless the server allows it for the technician', async () => {
    await newTicket('Unmasked printer', companyA, '--requester', String(contactA));
    const refused = await desk.run(['tickets', 'list', '--no-mask', '--search', 'Unmasked printer', '--json']);
    expect(refused.code).toBe(4);
    expect(refused.stdout).toBe('');
    const clear = await desk.json<{ id: number; token: string }>([
      'admin',
      'technicians',
      'add',
      '--name',
      'Clear',
      '--email',
      'clear@example.com',
      '--allow-unmask',
      '--admin',
    ]);
    const list = await desk.json<{ items: Ticket[] }>(
      ['tickets', 'list', '--no-mask', '--search', 'Unmasked printer'],
      {
        token: clear.token,
      },
    );
    expect(list.items[0]?.requester?.email).toBe('melissa@gmail.com');
  });

  it('serves its OpenAPI document', async () => {
    const res = await fetch(`${desk.server.url}/openapi.json`);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/v1/tickets', '/v1/tickets/{id}', '/v1/events']));
  });

  it('answers 400 naming the field for a bad request body', async () => {
    const res = await fetch(`${desk.server.url}/v1/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${desk.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'x', companyId: 'one' }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { field: string; message: string } };
    expect(body.error.field).toBe('companyId');
  });
});
