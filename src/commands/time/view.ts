/** How time looks: entry tables, the timer line, totals, and reports as text or CSV. */
import type { Context } from '../context.js';
import type { Stopped, TicketTime, TimeEntry, TimeReport, Timer, Totals } from '../../core/time-schemas.js';
import { formatDuration } from '../../core/duration.js';
import { hours } from '../../core/time-reports.js';
import { sanitizeLine } from '../../core/terminal.js';
import { colours, isTTY, printTable, say, type Column } from '../output.js';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `2026-03-14 09:30` in the local time zone on a terminal; ISO 8601 when piped. */
export function localTime(ctx: Context, isoTime: string): string {
  if (!isTTY(ctx)) return isoTime;
  const d = new Date(isoTime);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
}

export const money = (n: number) => n.toFixed(2);

/** `3h30m (2h billable, 1h30m non-billable), 180.00` */
export function totalsLine(t: Totals): string {
  return (
    `${formatDuration(t.durationMs)} in ${t.entries} ${t.entries === 1 ? 'entry' : 'entries'} ` +
    `(${formatDuration(t.billableMs)} billable, ${formatDuration(t.nonBillableMs)} non-billable), amount ${money(t.amount)}`
  );
}

export function entryRows(ctx: Context, entries: readonly TimeEntry[]): string[][] {
  const tty = isTTY(ctx);
  return entries.map((e) => [
    String(e.id),
    localTime(ctx, e.startedAt),
    tty ? `#${e.ticket.id}` : String(e.ticket.id),
    e.technician.name,
    formatDuration(e.durationMs),
    e.billable ? 'billable' : 'non-billable',
    e.rate === null ? '' : money(e.rate),
    money(e.amount),
    (e.note ?? '').replace(/\s+/g, ' '),
  ]);
}

export function printEntries(ctx: Context, entries: readonly TimeEntry[]): void {
  const columns: Column[] = [
    { header: 'ID' },
    { header: 'START' },
    { header: 'TICKET' },
    { header: 'TECHNICIAN', max: 18 },
    { header: 'DURATION' },
    { header: 'BILLABLE' },
    { header: 'RATE' },
    { header: 'AMOUNT' },
    { header: 'NOTE', max: 40 },
  ];
  printTable(ctx, columns, entryRows(ctx, entries));
}

/** `running · #12 Printer jam · 25m (since 09:30)` */
export function timerLine(ctx: Context, t: Timer): string {
  const c = colours(ctx);
  const state = t.state === 'running' ? c.green('running') : c.yellow('paused');
  return `${state} · #${t.ticket.id} ${sanitizeLine(t.ticket.title)} · ${formatDuration(t.elapsedMs)} (started ${localTime(ctx, t.startedAt)})`;
}

/** Tells what a stop did, on stderr. */
export function sayStopped(ctx: Context, s: Stopped): void {
  const where = `#${s.ticket.id}`;
  if (s.discarded) say(ctx, `Stopped the timer on ${where} and discarded ${formatDuration(s.durationMs)}`);
  else if (s.entry) {
    say(ctx, `Stopped the timer on ${where}: ${formatDuration(s.durationMs)} recorded as time entry ${s.entry.id}`);
  } else say(ctx, `Stopped the timer on ${where}: no time had run, nothing recorded`);
}

function reportRows(r: TimeReport): Array<{ group: string; id: string; name: string; t: Totals }> {
  return [
    ...r.byTicket.map((x) => ({ group: 'ticket', id: String(x.ticket.id), name: x.ticket.title, t: x })),
    ...r.byTechnician.map((x) => ({ group: 'technician', id: String(x.technician.id), name: x.technician.name, t: x })),
    ...r.byDay.map((x) => ({ group: 'day', id: x.day, name: '', t: x })),
    { group: 'total', id: '', name: '', t: r.totals },
  ];
}

/** One CSV field: quoted when needed, inert for terminals and spreadsheets (no leading = + - @). */
function csvField(value: string): string {
  let v = sanitizeLine(value);
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export const CSV_HEADER = 'group,id,name,entries,hours,billable_hours,non_billable_hours,amount';

/** The report as CSV: one row per ticket, technician and day, then the total; hours with two decimals. */
export function reportCsv(r: TimeReport): string {
  const lines = [CSV_HEADER];
  for (const row of reportRows(r)) {
    lines.push(
      [
        row.group,
        csvField(row.id),
        csvField(row.name),
        String(row.t.entries),
        hours(row.t.durationMs).toFixed(2),
        hours(row.t.billableMs).toFixed(2),
        hours(row.t.nonBillableMs).toFixed(2),
        money(row.t.amount),
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

export function printReport(ctx: Context, r: TimeReport): void {
  const c = colours(ctx);
  const tty = isTTY(ctx);
  const columns = (...first: Column[]): Column[] => [
    ...first,
    { header: 'ENTRIES' },
    { header: 'TOTAL' },
    { header: 'BILLABLE' },
    { header: 'NON-BILLABLE' },
    { header: 'AMOUNT' },
  ];
  const cells = (t: Totals) => [
    String(t.entries),
    formatDuration(t.durationMs),
    formatDuration(t.billableMs),
    formatDuration(t.nonBillableMs),
    money(t.amount),
  ];
  if (!tty) {
    // Piped: the same rows as the CSV, tab-separated.
    printTable(
      ctx,
      columns({ header: 'GROUP' }, { header: 'ID' }, { header: 'NAME' }),
      reportRows(r).map((row) => [row.group, row.id, row.name, ...cells(row.t)]),
    );
    return;
  }
  const section = (title: string) => ctx.stdout.write(`\n${c.bold(title)}\n`);
  section('By ticket');
  printTable(
    ctx,
    columns({ header: 'TICKET' }, { header: 'TITLE', max: 40 }),
    r.byTicket.map((x) => [`#${x.ticket.id}`, x.ticket.title, ...cells(x)]),
  );
  section('By technician');
  printTable(
    ctx,
    columns({ header: 'ID' }, { header: 'TECHNICIAN', max: 30 }),
    r.byTechnician.map((x) => [String(x.technician.id), x.technician.name, ...cells(x)]),
  );
  section('By day');
  printTable(
    ctx,
    columns({ header: 'DAY' }),
    r.byDay.map((x) => [x.day, ...cells(x)]),
  );
  ctx.stdout.write(`\n${c.bold('Total')}: ${totalsLine(r.totals)}\n`);
}

/** The "Time" section of `desk tickets show`: one line per entry, then the totals. */
export function timeSection(ctx: Context, t: TicketTime): string[] {
  const c = colours(ctx);
  const out = [c.bold(`Time (${formatDuration(t.totals.durationMs)})`)];
  for (const e of t.entries) {
    const rate = e.rate === null ? '' : ` · ${money(e.rate)}/h → ${money(e.amount)}`;
    const note = e.note ? ` · ${sanitizeLine(e.note).replace(/\s+/g, ' ')}` : '';
    out.push(
      `  ${e.id}  ${localTime(ctx, e.startedAt)}  ${sanitizeLine(e.technician.name)}  ${formatDuration(e.durationMs)}` +
        `  ${e.billable ? 'billable' : 'non-billable'}${rate}${note}`,
    );
  }
  out.push(`  total: ${totalsLine(t.totals)}`);
  return out;
}
