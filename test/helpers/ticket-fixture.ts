/** Shared setup of the ticket end-to-end tests: a company, a requester, a granted technician, the manual clock. */
import type { Desk } from './desk.js';

export interface Fixture {
  company: number;
  other: number;
  contact: number;
  tech: { id: number; token: string };
}

export async function fixture(desk: Desk, prefix = 'X'): Promise<Fixture> {
  const company = (await desk.json<{ id: number }>(['admin', 'companies', 'add', `${prefix} Acme`])).id;
  const other = (await desk.json<{ id: number }>(['admin', 'companies', 'add', `${prefix} Globex`])).id;
  const contact = (
    await desk.json<{ id: number }>([
      'admin',
      'contacts',
      'add',
      '--company',
      String(company),
      '--name',
      'Melissa Grant',
      '--email',
      `melissa.${prefix.toLowerCase()}@gmail.com`,
    ])
  ).id;
  const tech = await desk.json<{ id: number; token: string }>([
    'admin',
    'technicians',
    'add',
    '--name',
    'Sam Rivera',
    '--email',
    `sam.${prefix.toLowerCase()}@example.com`,
  ]);
  await desk.json(['admin', 'grant', String(tech.id), String(company)]);
  return { company, other, contact, tech };
}

/** Moves the server's manual clock forward (servers started with --test-clock); due deadlines fire first. */
export async function advanceClock(desk: Desk, ms: number): Promise<string> {
  const res = await fetch(`${desk.server.url}/v1/test/clock`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${desk.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ advanceMs: ms }),
  });
  if (!res.ok) throw new Error(`clock: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { now: string }).now;
}

export interface SlaTarget {
  targetMs: number;
  dueAt: string;
  leftMs: number | null;
  metAt: string | null;
  met: boolean;
  breached: boolean;
  status: string;
}

export interface TicketJson {
  id: number;
  title: string;
  status: string;
  priority: string;
  company: { id: number };
  tags: string[];
  sla: {
    clock: string;
    response: SlaTarget | null;
    resolution: SlaTarget | null;
    breached: boolean;
    leftMs: number | null;
  } | null;
  customStatus: { id: number; name: string; mapsTo: string } | null;
  productFamily: string | null;
  fields: Record<string, string | number>;
  sentiment: string | null;
  spam: boolean;
  deletedAt: string | null;
  mergedInto: number | null;
}

export interface TicketDetailJson extends TicketJson {
  comments: Array<{
    id: number;
    kind: string;
    body: string;
    resolution: boolean;
    cc: Array<{ kind: string; email?: string; name?: string }>;
    attachments: Array<{ id: number; name: string; mime: string; size: number }>;
  }>;
  activity: Array<{ field: string; oldValue: string | null; newValue: string | null; actor: { name: string } }>;
  resolution: { commentId: number; body: string } | null;
  requesterPanel: {
    name: string;
    email: string;
    company: { name: string };
    satisfaction: { ticket: unknown; average: number | null; count: number };
    lastTickets: Array<{ id: number; title: string }>;
  } | null;
  viewers: Array<{ id: number; name: string }>;
  commentsTotal: number;
}

/** What `desk tickets reply|note --json` prints: the comment and the ticket as it left it. */
export interface CommentResultJson {
  ticket: TicketJson & { activityStatus: string; updatedAt: string };
  comment: TicketDetailJson['comments'][number] & { truncated: boolean };
}

/** Creates a ticket and answers its id. */
export async function newTicket(desk: Desk, company: number, extra: string[] = [], token?: string): Promise<number> {
  const t = await desk.json<{ id: number }>(
    ['tickets', 'create', '--title', 'Printer on fire', '--company', String(company), ...extra],
    token ? { token } : {},
  );
  return t.id;
}
