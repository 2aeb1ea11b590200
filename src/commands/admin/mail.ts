/** `desk admin mail set|show|unset|test|queue|templates`: the SMTP transport outgoing mail uses, its outbox and its templates. */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { openSession, withCommon, type CommonOptions } from '../session.js';
import { MailApi } from '../../client/api/mail.js';
import { ExitCode, invalid } from '../../core/errors.js';
import { MAIL_STATUSES, parseMailAddress, parseSmtpUrl, type MailTransport } from '../../core/mail.js';
import { printTable, say, when } from '../output.js';
import { printJson } from '../json.js';
import { registerMailTemplates } from './mail-templates.js';

function printTransport(ctx: Context, t: MailTransport): void {
  if (!t.configured) {
    ctx.stdout.write('No SMTP transport: no mail is sent (identity codes wait for desk admin contacts code)\n');
    return;
  }
  ctx.stdout.write(`SMTP:   ${t.smtpUrl ?? ''}\nFrom:   ${t.from ?? ''}\nSource: ${t.source ?? ''}\n`);
}

export function registerMail(admin: Command, ctx: Context): void {
  const mail = admin
    .command('mail')
    .description('Outgoing e-mail: the SMTP transport, a test mail, the outbox and the templates');
  registerMailTemplates(mail, ctx);
  withCommon(
    mail
      .command('set')
      .description('Set the SMTP transport (admin); the password is kept on the server and never shown')
      .requiredOption(
        '--smtp <url>',
        'smtps://user:pass@host:465, or smtp://…:587 (STARTTLS; ?ignoreTLS=true for none)',
      )
      .requiredOption('--from <address>', 'the sender, e.g. "Acme IT <it@acme.example>"'),
  ).action(async (opts: CommonOptions & { smtp: string; from: string }) => {
    parseSmtpUrl(opts.smtp);
    parseMailAddress(opts.from);
    const { client } = await openSession(ctx, opts);
    const t = await new MailApi(client).set(opts.smtp, opts.from);
    if (opts.json) return printJson(ctx, t);
    say(ctx, `Mail goes out through ${t.smtpUrl ?? ''} from ${t.from ?? ''}`);
  });
  withCommon(mail.command('show').description('The SMTP transport in effect, password masked (admin)')).action(
    async (opts: CommonOptions) => {
      const { client } = await openSession(ctx, opts);
      const t = await new MailApi(client).show();
      if (opts.json) return printJson(ctx, t);
      printTransport(ctx, t);
    },
  );
  withCommon(
    mail
      .command('unset')
      .description('Remove the SMTP transport set here (the server’s DESK_SMTP_URL, if any, applies)'),
  ).action(async (opts: CommonOptions) => {
    const { client } = await openSession(ctx, opts);
    const t = await new MailApi(client).unset();
    if (opts.json) return printJson(ctx, t);
    printTransport(ctx, t);
  });
  withCommon(
    mail
      .command('test')
      .description('Send a test mail now and report what the SMTP server said (admin)')
      .argument('<address>'),
  ).action(async (address: string, opts: CommonOptions) => {
    parseMailAddress(address, 'the address');
    const { client } = await openSession(ctx, opts);
    const res = await new MailApi(client).test(address);
    if (!res.sent) ctx.exitCode = ExitCode.unreachable;
    if (opts.json) return printJson(ctx, res);
    if (res.sent) say(ctx, `Sent a test mail to ${res.to} (${res.messageId ?? ''})`);
    else ctx.stderr.write(`desk: the test mail to ${res.to} was not sent: ${res.error ?? 'unknown error'}\n`);
  });
  withCommon(
    mail
      .command('queue')
      .description('The outbox, newest first: status, attempts, next attempt and last error (admin)')
      .option('--status <status>', `only ${MAIL_STATUSES.join(', ')}`)
      .option('--limit <n>', 'at most this many (default 50)'),
  ).action(async (opts: CommonOptions & { status?: string; limit?: string }) => {
    if (opts.status !== undefined && !(MAIL_STATUSES as readonly string[]).includes(opts.status)) {
      throw invalid(`--status must be one of ${MAIL_STATUSES.join(', ')}, got "${opts.status}"`);
    }
    const limit = opts.limit === undefined ? undefined : Number(opts.limit);
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 1000)) {
      throw invalid(`--limit must be a whole number from 1 to 1000, got "${opts.limit}"`);
    }
    const { client, mask } = await openSession(ctx, opts);
    const list = (await new MailApi(client).queue({ status: opts.status, limit })).map((m) => ({
      ...m,
      to: m.to.map(mask),
      cc: m.cc.map(mask),
      subject: mask(m.subject),
    }));
    if (opts.json) return printJson(ctx, list);
    printTable(
      ctx,
      [
        { header: 'ID' },
        { header: 'STATUS' },
        { header: 'TICKET' },
        { header: 'TO', max: 30 },
        { header: 'SUBJECT', max: 36 },
        { header: 'TRIES' },
        { header: 'NEXT' },
        { header: 'LAST ERROR', max: 40 },
      ],
      list.map((m) => [
        String(m.id),
        m.status,
        m.ticketId === null ? '' : `#${m.ticketId}`,
        [...m.to, ...m.cc].join(', '),
        m.subject,
        String(m.attempts),
        m.nextAttemptAt ? when(ctx, m.nextAttemptAt) : '',
        m.lastError ?? '',
      ]),
    );
  });
}
