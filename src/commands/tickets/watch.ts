/**
 * `desk tickets show ID --watch`: announces that you view the ticket (others
 * see you in `show`), prints it, then streams its changes until Ctrl-C or
 * SIGTERM (not when standard input ends), when the announcement is withdrawn.
 */
import type { Context } from '../context.js';
import { EventStream } from '../../client/events.js';
import { TicketsApi } from '../../client/api/tickets.js';
import type { DeskEvent } from '../../core/events.js';
import type { Session } from '../session.js';
import { block, colours } from '../output.js';
import { jsonText, printJson } from '../json.js';
import { printTicketDetail } from './view.js';
import { maskDetail } from './masked.js';
import { viewersLine } from './detail-sections.js';

/** Announcements lapse after a minute on the server; renew well before. */
const HEARTBEAT_MS = 20_000;

function concerns(e: DeskEvent, ticketId: number): boolean {
  const d = e.data as { ticketId?: unknown; ticket?: { id?: unknown } };
  return d.ticketId === ticketId || d.ticket?.id === ticketId;
}

function describe(e: DeskEvent): string {
  const d = e.data as {
    changes?: string[];
    viewers?: Array<{ name: string }>;
    comment?: { kind: string; author: { name: string }; body: string };
    target?: string;
  };
  if (e.type === 'ticket.presence')
    return `viewing: ${viewersLine((d.viewers ?? []).map((v) => v.name)) || 'nobody else'}`;
  if (e.type === 'sla.breached') return `SLA ${d.target ?? ''} target breached`;
  if (e.type === 'ticket.commented' && d.comment) {
    const what = d.comment.kind === 'note' ? 'internal note' : 'public reply';
    return `${d.comment.author.name} · ${what}: ${d.comment.body.replace(/\s+/g, ' ').slice(0, 200)}`;
  }
  return `${e.type}${d.changes?.length ? `: ${d.changes.join(', ')}` : ''}`;
}

/**
 * Waits for Ctrl-C or SIGTERM; fails with `failed` (the stream refused for good). Not for the end of
 * standard input: a watcher started by a script, a service manager or `nohup … < /dev/null` has none.
 */
function untilStopped(failed: Promise<never>): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanUp = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
    };
    function done() {
      cleanUp();
      resolve();
    }
    failed.catch((err: unknown) => {
      cleanUp();
      reject(err as Error);
    });
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

export async function runWatch(
  ctx: Context,
  opts: { json?: boolean },
  session: Session,
  ticketId: number,
  query: Record<string, string | undefined>,
): Promise<void> {
  const { profile, mask } = session;
  const tickets = new TicketsApi(session.client);
  await tickets.view(ticketId);
  const heartbeat = setInterval(() => {
    tickets.view(ticketId).catch(() => {});
  }, HEARTBEAT_MS);
  // A `since` past the log's end answers "resync" at the current end: only new events follow.
  const stream = new EventStream({ server: profile.server, token: profile.token, since: Number.MAX_SAFE_INTEGER });
  const ready = new Promise<void>((resolve) => stream.once('ready', () => resolve()));
  // The stream fails for good when the token is refused or revoked while watching: the watch ends with it (exit 4).
  const failed = new Promise<never>((_resolve, reject) => stream.on('error', reject));
  failed.catch(() => {});
  const c = colours(ctx);
  const print = (e: DeskEvent) => {
    if (opts.json) ctx.stdout.write(mask(jsonText(e)) + '\n');
    else ctx.stdout.write(`${c.dim(e.at)}  ${block(mask(describe(e)))}\n`);
  };
  // Events that arrive before the ticket is printed wait, so the ticket comes first.
  let held: DeskEvent[] | undefined = [];
  stream.on('event', (e) => {
    if (!concerns(e, ticketId)) return;
    if (held) held.push(e);
    else print(e);
  });
  stream.start();
  try {
    await Promise.race([ready, failed]);
    const detail = maskDetail(await tickets.get(ticketId, query), mask);
    if (opts.json) printJson(ctx, detail);
    else {
      printTicketDetail(ctx, detail);
      ctx.stderr.write(`Watching ticket #${ticketId}; Ctrl-C to stop.\n`);
    }
    const early = held;
    held = undefined;
    early.forEach(print);
    await untilStopped(failed);
  } finally {
    clearInterval(heartbeat);
    stream.stop();
    await tickets.leave(ticketId).catch(() => {});
  }
}
