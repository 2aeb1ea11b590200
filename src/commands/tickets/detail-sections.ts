/**
 * How the ticket fields look: the SLA cell of the list,
 * and the detail page's SLA, properties, viewers, resolution and requester
 * sections and each comment's CC and files.
 */
import type { Context } from '../context.js';
import type { Comment, Ticket } from '../../core/schemas.js';
import type { TicketDetail } from '../../core/ticket-detail.js';
import type { SlaView } from '../../core/ticket-properties.js';
import { formatDuration } from '../../core/duration.js';
import { label } from '../../core/tickets.js';
import { block, colours, when } from '../output.js';

function left(ms: number): string {
  return ms < 0 ? `${formatDuration(-ms)} over` : `${formatDuration(ms)} left`;
}

/** The list's SLA cell: breached, time left to the nearest target, paused, met or empty. */
export function slaCell(sla: SlaView | null | undefined, tty: boolean): string {
  if (!sla) return '';
  if (sla.breached) return tty ? 'BREACHED' : 'breached';
  if (sla.clock === 'paused') return 'paused';
  if (sla.leftMs === null) return sla.clock === 'stopped' ? (tty ? 'met' : 'met') : '';
  return tty ? left(sla.leftMs) : String(sla.leftMs);
}

/** The status as people read it: the custom one when set. */
export function statusLabel(t: Ticket): string {
  return t.customStatus ? t.customStatus.name : label(t.status);
}

/** "A, B, C, D, E +2": at most five names. */
export function viewersLine(names: readonly string[]): string {
  const shown = names.slice(0, 5).join(', ');
  return names.length > 5 ? `${shown} +${names.length - 5}` : shown;
}

function slaLines(ctx: Context, sla: SlaView): string[] {
  const c = colours(ctx);
  const out: string[] = [];
  for (const [name, t] of [
    ['response', sla.response],
    ['resolution', sla.resolution],
  ] as const) {
    if (!t) continue;
    const target = formatDuration(t.targetMs);
    let state: string;
    if (t.status === 'breached')
      state = c.red.bold(t.metAt ? `breached (met late ${when(ctx, t.metAt)})` : `BREACHED, ${left(t.leftMs ?? 0)}`);
    else if (t.status === 'met') state = c.green(`met ${t.metAt ? when(ctx, t.metAt) : ''}`.trim());
    else if (t.status === 'paused') state = c.yellow(`paused, ${left(t.leftMs ?? 0)}`);
    else if (t.status === 'stopped') state = 'stopped';
    else state = `${left(t.leftMs ?? 0)} (due ${t.dueAt})`;
    out.push(`sla:       ${name} ${target}: ${state}`);
  }
  return out;
}

/** Lines under the ticket's header: custom status, properties, fields, flags, SLA, viewers. */
export function propertyHeaderLines(ctx: Context, d: TicketDetail): string[] {
  const c = colours(ctx);
  const out: string[] = [];
  const flags = [
    d.spam ? c.red('SPAM') : '',
    d.deletedAt ? c.red(`DELETED ${when(ctx, d.deletedAt)}`) : '',
    d.mergedInto ? c.yellow(`merged into #${d.mergedInto}`) : '',
  ].filter(Boolean);
  if (flags.length) out.push(flags.join(' · '));
  if (d.customStatus) out.push(`status:    ${block(d.customStatus.name)} (${d.customStatus.mapsTo})`);
  if (d.productFamily) out.push(`product:   ${block(d.productFamily)}`);
  for (const [k, v] of Object.entries(d.fields ?? {})) out.push(`${block(k)}: ${block(String(v))}`);
  if (d.sentiment) out.push(`sentiment: ${d.sentiment}`);
  if (d.sla) out.push(...slaLines(ctx, d.sla));
  if (d.viewers?.length) out.push(`viewing:   ${block(viewersLine(d.viewers.map((v) => v.name)))}`);
  return out;
}

/** Extra lines of one comment: CC recipients and attached files. */
export function commentExtraLines(c: Comment): string[] {
  const out: string[] = [];
  if (c.cc?.length) {
    out.push(`  cc: ${block(c.cc.map((r) => (r.kind === 'email' ? r.email : r.name)).join(', '))}`);
  }
  for (const a of c.attachments ?? []) {
    out.push(`  📎 ${a.id}  ${block(a.name)}  (${a.mime.split(';')[0]}, ${a.size} bytes)`);
  }
  return out;
}

export function resolutionSection(ctx: Context, d: TicketDetail): string[] {
  if (!d.resolution) return [];
  const c = colours(ctx);
  const r = d.resolution;
  return [
    c.bold('Resolution'),
    `${block(r.author.name)} · ${r.kind === 'note' ? 'internal note' : 'public reply'} · ${when(ctx, r.createdAt)}`,
    ...block(r.body)
      .split('\n')
      .map((l) => `  ${l}`),
    '',
  ];
}

export function requesterSection(ctx: Context, d: TicketDetail): string[] {
  const p = d.requesterPanel;
  if (!p) return [];
  const c = colours(ctx);
  const s = p.satisfaction;
  const rating = s.ticket
    ? `${s.ticket.rating}/5${s.ticket.comment ? ` “${block(s.ticket.comment).replace(/\n/g, ' ')}”` : ''}`
    : 'not rated';
  const out = [
    c.bold('Requester'),
    `  ${block(p.name)} <${block(p.email)}>${p.phone ? `, ${block(p.phone)}` : ''} · ${block(p.company.name)}`,
    `  satisfaction: this ticket ${rating}${s.average !== null ? ` · average ${s.average}/5 over ${s.count}` : ''}`,
    '  last tickets:',
    ...p.lastTickets.map((t) => `    #${t.id} ${label(t.status)} · ${block(t.title).replace(/\n/g, ' ')}`),
    '',
  ];
  return out;
}
