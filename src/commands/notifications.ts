/** `desk notifications [--unread]` and `desk notifications read ID|--all`: @mentions of the last 7 days. */
import type { Command } from 'commander';
import type { Context } from './context.js';
import { openSession, parseId, withCommon, type CommonOptions } from './session.js';
import { NotificationsApi } from '../client/api/notifications.js';
import { usageError } from '../core/errors.js';
import { printTable, say, when } from './output.js';
import { printJson } from './json.js';

async function runList(opts: CommonOptions & { unread?: boolean }, ctx: Context): Promise<void> {
  const { client, mask } = await openSession(ctx, opts);
  const list = (await new NotificationsApi(client).notifications(opts.unread === true)).map((n) => ({
    ...n,
    excerpt: mask(n.excerpt),
    ticket: { ...n.ticket, title: mask(n.ticket.title) },
  }));
  if (opts.json) return printJson(ctx, list);
  if (list.length === 0) {
    if (ctx.stdout.isTTY) ctx.stderr.write('No notifications.\n');
    return;
  }
  const tty = ctx.stdout.isTTY === true;
  printTable(
    ctx,
    [
      { header: 'ID' },
      { header: '' },
      { header: 'TICKET' },
      { header: 'BY', max: 18 },
      { header: 'WHEN' },
      { header: 'EXCERPT', max: 70 },
    ],
    list.map((n) => [
      String(n.id),
      n.read ? (tty ? ' ' : 'read') : tty ? '●' : 'unread',
      tty ? `#${n.ticket.id} ${n.ticket.title}` : String(n.ticket.id),
      n.by.name,
      when(ctx, n.createdAt),
      n.excerpt,
    ]),
  );
}

export function register(program: Command, ctx: Context): void {
  const notifications = withCommon(
    program
      .command('notifications')
      .description('Your @mention notifications of the last 7 days')
      .option('--unread', 'only unread ones'),
  ).action((opts: CommonOptions & { unread?: boolean }) => runList(opts, ctx));
  withCommon(
    notifications
      .command('mail')
      .description(
        'Whether you get your notifications (mentions, assignments, customer replies, SLA breaches) by mail too',
      )
      .argument('[state]', 'on or off (without it: show)'),
  ).action(async (state: string | undefined, opts: CommonOptions) => {
    if (state !== undefined && state !== 'on' && state !== 'off') {
      throw usageError(`give on or off, got "${state}"`);
    }
    const { client } = await openSession(ctx, opts);
    const res = await new NotificationsApi(client).mailNotifications(state === undefined ? undefined : state === 'on');
    if (opts.json) return printJson(ctx, res);
    ctx.stdout.write(`Notification mails: ${res.enabled ? 'on' : 'off'}\n`);
  });
  withCommon(
    notifications
      .command('read')
      .description('Mark a notification (or --all) read')
      .argument('[id]', 'notification id')
      .option('--all', 'mark every notification read'),
  ).action(async (id: string | undefined, opts: CommonOptions & { all?: boolean }) => {
    if (id === undefined && !opts.all) throw usageError('give a notification id or --all');
    if (id !== undefined && opts.all) throw usageError('give a notification id or --all, not both');
    const notificationId = id !== undefined ? parseId(id, 'notification id') : undefined;
    const { client } = await openSession(ctx, opts);
    const res = await new NotificationsApi(client).markRead(notificationId);
    if (opts.json) return printJson(ctx, res);
    say(ctx, `Marked ${res.read} notification(s) read`);
  });
}
