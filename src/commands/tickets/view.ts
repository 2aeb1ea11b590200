/** How tickets look on a terminal or in a pipe: table rows and the detail page. */
import type { Context } from '../context.js';
import type { Ticket } from '../../core/schemas.js';
import type { TicketDetail } from '../../core/ticket-detail.js';
import { label } from '../../core/tickets.js';
import { block, colours, inertData, printTable, when, type Column } from '../output.js';
import { timeSection } from '../time/view.js';
import {
  commentExtraLines,
  propertyHeaderLines,
  requesterSection,
  resolutionSection,
  slaCell,
  statusLabel,
} from './detail-sections.js';

const priorityColour: Record<string, (c: ReturnType<typeof colours>) => (s: string) => string> = {
  critical: (c) => c.red.bold,
  high: (c) => c.red,
  medium: (c) => c.yellow,
  low: (c) => c.dim,
};

export function printTicketTable(ctx: Context, tickets: readonly Ticket[]): void {
  const c = colours(ctx);
  const columns: Column[] = [
    { header: 'ID' },
    { header: 'STATUS' },
    { header: 'PRIORITY' },
    { header: 'TITLE', max: 48, shrink: true },
    { header: 'COMPANY', max: 20 },
    { header: 'ASSIGNEE', max: 18 },
    { header: 'UPDATED' },
    { header: 'SLA', colour: (s) => (s.startsWith('BREACHED') ? c.red.bold(s) : s) },
    { header: 'SENTIMENT' },
  ];
  const tty = ctx.stdout.isTTY === true;
  printTable(
    ctx,
    columns,
    tickets.map((t) => [
      tty ? `#${t.id}` : String(t.id),
      tty ? statusLabel(t) : t.status,
      tty ? (priorityColour[t.priority]?.(c) ?? ((s: string) => s))(label(t.priority)) : t.priority,
      t.title,
      t.company.name,
      t.assignee?.name ?? (tty ? '—' : ''),
      when(ctx, t.updatedAt),
      slaCell(t.sla, tty),
      t.sentiment ?? '',
    ]),
  );
}

export function printTicketDetail(ctx: Context, detail: TicketDetail): void {
  const d = inertData(detail);
  const c = colours(ctx);
  const out: string[] = [];
  out.push(c.bold(`#${d.id} ${block(d.title).replace(/\n/g, ' ')}`));
  out.push(
    `${block(statusLabel(d))} · ${label(d.type)} · ${label(d.priority)} priority · impact ${label(d.impact)} · ${label(d.activityStatus)}`,
  );
  out.push(`company:   ${d.company.name}`);
  if (d.requester) {
    const phone = d.requester.phone ? `, ${d.requester.phone}` : '';
    out.push(`requester: ${block(d.requester.name)} <${block(d.requester.email)}>${block(phone)}`);
  }
  out.push(`assignee:  ${d.assignee?.name ?? 'unassigned'}`);
  if (d.tags.length) out.push(`tags:      ${d.tags.join(', ')}`);
  out.push(`created:   ${when(ctx, d.createdAt)} · updated ${when(ctx, d.updatedAt)}`);
  out.push(...propertyHeaderLines(ctx, d));
  out.push('');
  const total = d.commentsTotal ?? d.comments.length;
  out.push(c.bold(`Conversation (${total === d.comments.length ? total : `${d.comments.length} of ${total}`})`));
  for (const cm of d.comments) {
    const kind = cm.kind === 'note' ? c.yellow('internal note') : c.cyan('public reply');
    const resolution = cm.resolution ? ` · ${c.green('resolution')}` : '';
    out.push(`${c.bold(block(cm.author.name))} · ${kind} · ${when(ctx, cm.createdAt)}${resolution}`);
    for (const line of block(cm.body).split('\n')) out.push(`  ${line}`);
    out.push(...commentExtraLines(cm));
    out.push('');
  }
  out.push(...resolutionSection(ctx, d), ...requesterSection(ctx, d));
  if (d.time) out.push(...timeSection(ctx, d.time), '');
  out.push(c.bold('Activity'));
  for (const a of d.activity) {
    const change =
      a.oldValue !== null && a.newValue !== null
        ? `${a.oldValue} → ${a.newValue}`
        : (a.newValue ?? (a.oldValue !== null ? `removed ${a.oldValue}` : ''));
    out.push(`  ${when(ctx, a.at)}  ${block(a.actor.name)}  ${a.field}  ${block(change).replace(/\n/g, ' ')}`);
  }
  ctx.stdout.write(out.join('\n') + '\n');
}
