/** `desk admin mailboxes add|list|rm|test`: the IMAP mailboxes whose mail becomes tickets and replies. */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { openSession, parseId, withCommon, type CommonOptions } from '../session.js';
import { MailApi } from '../../client/api/mail.js';
import { ExitCode } from '../../core/errors.js';
import { parseImapUrl } from '../../core/inbound-mail.js';
import { printTable, say, when } from '../output.js';
import { printJson } from '../json.js';

export function registerMailboxes(admin: Command, ctx: Context): void {
  const boxes = admin
    .command('mailboxes')
    .description('IMAP mailboxes read for tickets: new mail, and replies to ours');
  withCommon(
    boxes
      .command('add')
      .description('Read a mailbox (admin): mail from contacts becomes tickets, replies land on their ticket')
      .requiredOption(
        '--imap <url>',
        'imaps://user:pass@host:993/INBOX (imap://… uses STARTTLS; ?ignoreTLS=true for none)',
      )
      .option(
        '--company <id>',
        'mail from unknown senders makes them contacts of this company (without it, it is left)',
      ),
  ).action(async (opts: CommonOptions & { imap: string; company?: string }) => {
    parseImapUrl(opts.imap);
    const company = opts.company === undefined ? undefined : parseId(opts.company, '--company');
    const { client } = await openSession(ctx, opts);
    const box = await new MailApi(client).addMailbox(opts.imap, company);
    if (opts.json) return printJson(ctx, box);
    say(
      ctx,
      `Added mailbox ${box.id} (${box.imapUrl}); new mail is read at once where the server offers IDLE, else every 30 seconds`,
    );
    if (!ctx.stdout.isTTY) ctx.stdout.write(`${box.id}\n`);
  });
  withCommon(boxes.command('list').description('The mailboxes read, passwords masked (admin)')).action(
    async (opts: CommonOptions) => {
      const { client } = await openSession(ctx, opts);
      const list = await new MailApi(client).mailboxes();
      if (opts.json) return printJson(ctx, list);
      printTable(
        ctx,
        [
          { header: 'ID' },
          { header: 'IMAP', max: 50 },
          { header: 'COMPANY' },
          { header: 'NEW MAIL' },
          { header: 'IMPORTED' },
          { header: 'ADDED' },
          { header: 'LAST ERROR', max: 40 },
        ],
        list.map((b) => [
          String(b.id),
          b.imapUrl,
          b.companyId === null ? '' : String(b.companyId),
          b.push === 'idle' ? 'at once (IDLE)' : b.push === 'polling' ? 'every 30 s' : '',
          String(b.imported),
          when(ctx, b.createdAt),
          b.lastError ?? '',
        ]),
      );
    },
  );
  withCommon(boxes.command('rm').description('Stop reading a mailbox (admin)').argument('<id>')).action(
    async (id: string, opts: CommonOptions) => {
      const boxId = parseId(id, 'mailbox id');
      const { client } = await openSession(ctx, opts);
      const res = await new MailApi(client).removeMailbox(boxId);
      if (opts.json) return printJson(ctx, { id: boxId, ...res });
      say(ctx, `Removed mailbox ${boxId}`);
    },
  );
  withCommon(
    boxes.command('test').description('Log in to a mailbox and open its folder (admin)').argument('<id>'),
  ).action(async (id: string, opts: CommonOptions) => {
    const boxId = parseId(id, 'mailbox id');
    const { client } = await openSession(ctx, opts);
    const res = await new MailApi(client).testMailbox(boxId);
    if (!res.ok) ctx.exitCode = ExitCode.unreachable;
    if (opts.json) return printJson(ctx, res);
    if (res.ok) say(ctx, `Mailbox ${boxId} answers: ${res.messages ?? 0} message(s)`);
    else ctx.stderr.write(`desk: mailbox ${boxId} does not answer: ${res.error ?? 'unknown error'}\n`);
  });
}
