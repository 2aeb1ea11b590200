/** `desk templates add|list|rm`: reply templates (canned responses). */
import type { Command } from 'commander';
import type { Context } from './context.js';
import { openSession, withCommon, type CommonOptions } from './session.js';
import { TemplatesApi } from '../client/api/templates.js';
import { checkTemplateBody, TEMPLATE_FIELDS } from '../core/templates.js';
import { invalid } from '../core/errors.js';
import { messageText } from './tickets/parse.js';
import { printTable, say, when } from './output.js';
import { printJson } from './json.js';

export function register(program: Command, ctx: Context): void {
  const templates = program.command('templates').description('Reply templates (canned responses)');
  withCommon(
    templates
      .command('add')
      .description(`Add a template; fields: ${TEMPLATE_FIELDS.map((f) => `{{${f}}}`).join(' ')}`)
      .argument('<name>', 'its name, used with desk tickets reply --template NAME')
      .requiredOption('--body <text>', 'the text; - reads standard input'),
  ).action(async (name: string, opts: CommonOptions & { body: string }) => {
    if (name.trim() === '') throw invalid('the template name must not be empty', 'name');
    const body = await messageText(opts.body, ctx);
    if (body.trim() === '') throw invalid('--body must not be empty', '--body');
    checkTemplateBody(body);
    const { client } = await openSession(ctx, opts);
    const t = await new TemplatesApi(client).addTemplate(name, body);
    if (opts.json) return printJson(ctx, t);
    say(ctx, `Added template "${t.name}"`);
  });
  withCommon(templates.command('list').description('List templates')).action(async (opts: CommonOptions) => {
    const { client } = await openSession(ctx, opts);
    const list = await new TemplatesApi(client).templates();
    if (opts.json) return printJson(ctx, list);
    printTable(
      ctx,
      [{ header: 'NAME', max: 30 }, { header: 'BODY', max: 60 }, { header: 'BY', max: 18 }, { header: 'UPDATED' }],
      list.map((t) => [t.name, t.body.replace(/\s+/g, ' '), t.createdBy.name, when(ctx, t.updatedAt)]),
    );
  });
  withCommon(templates.command('rm').description('Remove a template').argument('<name>')).action(
    async (name: string, opts: CommonOptions) => {
      const { client } = await openSession(ctx, opts);
      const res = await new TemplatesApi(client).removeTemplate(name);
      if (opts.json) return printJson(ctx, { name, ...res });
      say(ctx, `Removed template "${name}"`);
    },
  );
}
