/** `desk tickets attachments ID` and `desk tickets download ID FILE_ID [-o PATH]`. */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import type { Context } from '../context.js';
import { openSession, parseId, withCommon, type CommonOptions } from '../session.js';
import { resolveProfile } from '../../client/profiles.js';
import { downloadFile } from '../../client/files.js';
import { attachmentSchema } from '../../core/ticket-depth.js';
import { invalid } from '../../core/errors.js';
import { printJson, printTable, say, when } from '../output.js';

/** A file name safe to write in the current directory: no path, no leading dots, no controls. */
export function safeFileName(name: string, fallback: string): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/^\.+/, '')
    .trim();
  return base || fallback;
}

export function makeFileCommands(parent: Command, ctx: Context): void {
  withCommon(
    parent
      .command('attachments')
      .description("List the files on a ticket's replies and notes")
      .argument('<id>', 'ticket id'),
  ).action(async (id: string, opts: CommonOptions) => {
    const ticketId = parseId(id, 'ticket id');
    const { client, mask } = await openSession(ctx, opts);
    const list = (await client.call('GET', `/v1/tickets/${ticketId}/attachments`, z.array(attachmentSchema))).map(
      (a) => ({
        ...a,
        name: mask(a.name),
      }),
    );
    if (opts.json) return printJson(ctx, list);
    printTable(
      ctx,
      [
        { header: 'ID' },
        { header: 'NAME', max: 40 },
        { header: 'TYPE', max: 40 },
        { header: 'SIZE' },
        { header: 'BY', max: 18 },
        { header: 'ADDED' },
      ],
      list.map((a) => [
        String(a.id),
        a.name,
        a.mime.split(';')[0] ?? a.mime,
        String(a.size),
        a.uploadedBy.name,
        when(ctx, a.createdAt),
      ]),
    );
  });
  withCommon(
    parent
      .command('download')
      .description('Download a file attached to a ticket')
      .argument('<id>', 'ticket id')
      .argument('<fileId>', 'file id (see desk tickets attachments)')
      .option('-o, --output <path>', 'where to write it (default: its name in the current directory; - for stdout)'),
  ).action(async (id: string, file: string, opts: CommonOptions & { output?: string }) => {
    const ticketId = parseId(id, 'ticket id');
    const fileId = parseId(file, 'file id');
    if (opts.output !== undefined && opts.output.trim() === '') throw invalid('-o needs a path', '--output');
    const { client } = await openSession(ctx, opts);
    const list = await client.call('GET', `/v1/tickets/${ticketId}/attachments`, z.array(attachmentSchema));
    const meta = list.find((a) => a.id === fileId);
    const path = opts.output ?? safeFileName(meta?.name ?? '', `attachment-${fileId}`);
    if (opts.output === undefined && existsSync(path)) {
      throw invalid(`${path} exists already; choose another name with -o`, '--output');
    }
    const profile = await resolveProfile(ctx.env, opts.profile);
    const data = await downloadFile(profile.server, profile.token, ticketId, fileId);
    if (path === '-') {
      ctx.stdout.write(data);
      return;
    }
    await writeFile(path, data);
    if (opts.json) return printJson(ctx, { id: fileId, path, size: data.length });
    say(ctx, `Saved ${path} (${data.length} bytes)`);
  });
}
