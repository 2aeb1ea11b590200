/** `desk admin mail templates list|show|set|reset`: the templates of the mail Deskline sends. */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { openSession, withCommon, type CommonOptions } from '../session.js';
import { MailApi } from '../../client/api/mail.js';
import { invalid } from '../../core/errors.js';
import {
  MAIL_TEMPLATE_KINDS,
  checkMailTemplateInput,
  parseMailTemplateKind,
  type MailTemplate,
  type MailTemplateInput,
} from '../../core/mail-templates.js';
import { printTable, say, when } from '../output.js';
import { printJson } from '../json.js';

/** A part given as a file, or `-` for standard input. */
async function partText(ctx: Context, option: string, path: string): Promise<string> {
  if (path === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of ctx.stdin)
      chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw invalid(`${option}: cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`, option);
  }
}

function printTemplate(ctx: Context, t: MailTemplate): void {
  const mark = (changed: boolean) => (changed ? ' (changed)' : '');
  ctx.stdout.write(
    `Kind:     ${t.kind} — ${t.description}\n` +
      `Fields:   ${t.fields.map((f) => `{{${f}}}`).join(' ')}\n` +
      `Subject${mark(t.changed.subject)}: ${t.subject}\n\n` +
      `Text${mark(t.changed.text)}:\n${t.text.trimEnd()}\n\n` +
      `HTML${mark(t.changed.html)}:\n${t.html === null ? '(made from the text)' : t.html.trimEnd()}\n`,
  );
}

export function registerMailTemplates(mail: Command, ctx: Context): void {
  const templates = mail
    .command('templates')
    .description(`The templates of the mail Deskline sends: ${MAIL_TEMPLATE_KINDS.join(', ')}`);
  withCommon(
    templates.command('list').description('Each kind of mail and whether its template was changed (admin)'),
  ).action(async (opts: CommonOptions) => {
    const { client } = await openSession(ctx, opts);
    const list = await new MailApi(client).templates();
    if (opts.json) return printJson(ctx, list);
    printTable(
      ctx,
      [{ header: 'KIND' }, { header: 'CHANGED' }, { header: 'SUBJECT', max: 44 }, { header: 'UPDATED' }],
      list.map((t) => [
        t.kind,
        Object.entries(t.changed)
          .filter(([, v]) => v)
          .map(([k]) => k)
          .join(', ') || '-',
        t.subject,
        t.updatedAt ? when(ctx, t.updatedAt) : '',
      ]),
    );
  });
  withCommon(
    templates.command('show').description('A kind of mail’s template and its placeholders (admin)').argument('<kind>'),
  ).action(async (rawKind: string, opts: CommonOptions) => {
    const kind = parseMailTemplateKind(rawKind);
    const { client } = await openSession(ctx, opts);
    const t = await new MailApi(client).template(kind);
    if (opts.json) return printJson(ctx, t);
    printTemplate(ctx, t);
  });
  withCommon(
    templates
      .command('set')
      .description('Change the subject, text or HTML of a kind of mail (admin); the parts not given stay')
      .argument('<kind>')
      .option('--subject <text>', 'the subject (a ticket mail keeps [#N] even if it is left out)')
      .option('--text <file>', 'the text part from a file; - reads standard input')
      .option('--html <file>', 'the HTML part from a file; - reads standard input (values are escaped)'),
  ).action(async (rawKind: string, opts: CommonOptions & { subject?: string; text?: string; html?: string }) => {
    const kind = parseMailTemplateKind(rawKind);
    if (opts.text === '-' && opts.html === '-') throw invalid('only one of --text and --html can read standard input');
    const input: MailTemplateInput = {
      ...(opts.subject === undefined ? {} : { subject: opts.subject }),
      ...(opts.text === undefined ? {} : { text: await partText(ctx, '--text', opts.text) }),
      ...(opts.html === undefined ? {} : { html: await partText(ctx, '--html', opts.html) }),
    };
    checkMailTemplateInput(kind, input);
    const { client } = await openSession(ctx, opts);
    const t = await new MailApi(client).setTemplate(kind, input);
    if (opts.json) return printJson(ctx, t);
    say(ctx, `Changed the ${t.kind} mail template`);
  });
  withCommon(
    templates
      .command('reset')
      .description('Put a kind of mail back to its shipped template (admin)')
      .argument('<kind>'),
  ).action(async (rawKind: string, opts: CommonOptions) => {
    const kind = parseMailTemplateKind(rawKind);
    const { client } = await openSession(ctx, opts);
    const t = await new MailApi(client).resetTemplate(kind);
    if (opts.json) return printJson(ctx, t);
    say(ctx, `The ${t.kind} mail template is the shipped one again`);
  });
}
