/** `desk tickets attachments ID` and `desk tickets download ID FILE_ID [-o PATH]`. */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import * as z from 'zod/mini';
import type { Context } from '../context.js';
import { openSession, parseId, withCommon, type CommonOptions } from '../session.js';
import { resolveProfile } from '../../client/profiles.js';
import { downloadBytes } from '../../client/files.js';
import { attachmentSchema } from '../../core/ticket-properties.js';
import { invalid } from '../../core/errors.js';
import { printTable, say, when } from '../output.js';
import { printJson } from '../json.js';

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
    const name = list.find((a) => a.id === fileId)?.name ?? '';
    await saveDownload(
      ctx,
      opts,
      fileId,
      safeFileName(name, `attachment-${fileId}`),
      `/v1/tickets/${ticketId}/attachments/${fileId}/content`,
    );
  });
}

/**
 * Downloads `path` to `-o PATH` (or `-` for stdout), else to `defaultName` in the current
 * directory, refusing to overwrite a file that exists.
 */
export async function saveDownload(
  ctx: Context,
  opts: CommonOptions & { output?: string },
  fileId: number,
  defaultName: string,
  path: string,
): Promise<void> {
  const target = opts.output ?? defaultName;
  if (opts.output === undefined && existsSync(target)) {
    throw invalid(`${target} exists already; choose another name with -o`, '--output');
  }
  const profile = await resolveProfile(ctx.env, opts.profile);
  const data = await downloadBytes(profile.server, profile.token, path);
  if (target === '-') {
    ctx.stdout.write(data);
    return;
  }
  await writeFile(target, data);
  if (opts.json) return printJson(ctx, { id: fileId, path: target, size: data.length });
  say(ctx, `Saved ${target} (${data.length} bytes)`);
}
