/** `desk tickets attachments ID` and `desk tickets download ID FILE_ID [-o PATH]`. */
import { createWriteStream, existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { openSession, parseId, withCommon, type CommonOptions } from '../session.js';
import type { Download } from '../../client/http.js';
import { TicketsApi } from '../../client/api/tickets.js';
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
    const list = (await new TicketsApi(client).attachments(ticketId)).map((a) => ({ ...a, name: mask(a.name) }));
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
    const tickets = new TicketsApi(client);
    const list = await tickets.attachments(ticketId);
    const name = list.find((a) => a.id === fileId)?.name ?? '';
    await saveDownload(ctx, opts, fileId, safeFileName(name, `attachment-${fileId}`), () =>
      tickets.download(ticketId, fileId),
    );
  });
}

/**
 * Saves a download to `-o PATH` (or `-` for stdout), else to `defaultName` in the current
 * directory, refusing to overwrite a file that exists. The bytes stream to their place as they
 * arrive; a download that breaks off leaves no partial file behind.
 */
export async function saveDownload(
  ctx: Context,
  opts: CommonOptions & { output?: string },
  fileId: number,
  defaultName: string,
  fetch: () => Promise<Download>,
): Promise<void> {
  const target = opts.output ?? defaultName;
  if (opts.output === undefined && existsSync(target)) {
    throw invalid(`${target} exists already; choose another name with -o`, '--output');
  }
  const download = await fetch();
  let size = 0;
  const counted = Readable.from(
    (async function* () {
      for await (const chunk of download.body) {
        size += chunk.length;
        yield chunk;
      }
    })(),
  );
  if (target === '-') {
    await pipeline(counted, ctx.stdout, { end: false });
    return;
  }
  try {
    await pipeline(counted, createWriteStream(target, { flags: opts.output === undefined ? 'wx' : 'w' }));
  } catch (err) {
    if ((err as { code?: string }).code === 'EEXIST') {
      throw invalid(`${target} exists already; choose another name with -o`, '--output');
    }
    await rm(target, { force: true });
    throw err;
  }
  if (opts.json) return printJson(ctx, { id: fileId, path: target, size });
  say(ctx, `Saved ${target} (${size} bytes)`);
}
