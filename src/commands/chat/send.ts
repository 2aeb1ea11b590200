/** `desk chat send ID --message TEXT` and `desk chat attach ID FILE`. */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { ApiClient } from '../../client/http.js';
import { ChatApi } from '../../client/api/chat.js';
import { openSession, parseId, withCommon, type CommonOptions } from '../session.js';
import { say } from '../output.js';
import { printJson } from '../json.js';
import { invalid } from '../../core/errors.js';
import { checkComposer } from '../../core/composer.js';
import { CHAT_FILE_MAX } from '../../core/chat.js';
import { maskMessage } from './format.js';

interface SendOptions extends CommonOptions {
  message: string;
  clientId?: string;
}

export async function runSend(raw: string, opts: SendOptions, ctx: Context): Promise<void> {
  const id = parseId(raw, 'chat id');
  const check = checkComposer(opts.message);
  if (!check.ok) throw invalid(check.reason, 'message');
  if (opts.clientId !== undefined && (opts.clientId.length === 0 || opts.clientId.length > 100)) {
    throw invalid('--client-id must be 1 to 100 characters');
  }
  const { client, mask } = await openSession(ctx, opts);
  const message = await new ChatApi(client).send(id, opts.message, opts.clientId ?? ApiClient.clientId());
  if (opts.json) return printJson(ctx, maskMessage(message, mask));
  say(ctx, `Sent message ${message.id} to chat ${id}`);
}

export function makeSendCommand(parent: Command, ctx: Context): void {
  withCommon(
    parent
      .command('send')
      .description('Send a message (at most 1000 characters, no < or >; checked before sending)')
      .argument('<id>', 'chat id')
      .requiredOption('--message <text>', 'the message')
      .option('--client-id <id>', 'your id for this message: resending with the same id stores it once'),
  ).action((id: string, opts: SendOptions) => runSend(id, opts, ctx));
}

/** A progress line on a terminal (stderr), nothing when piped. */
export function progress(ctx: Context): ((sent: number, total: number) => void) | undefined {
  if (ctx.stderr.isTTY !== true) return undefined;
  let last = -1;
  return (sent, total) => {
    const pct = total === 0 ? 100 : Math.floor((sent / total) * 100);
    if (pct === last) return;
    last = pct;
    ctx.stderr.write(`\ruploading ${pct}% (${sent}/${total} bytes)${sent >= total ? '\n' : ''}`);
  };
}

/** Reads a file for upload, refusing (exit 5) what is too big before sending anything. */
export async function readUpload(path: string): Promise<Buffer> {
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw invalid(`${path} is not a file`, 'file');
    size = s.size;
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') throw invalid(`no such file: ${path}`, 'file');
    throw err;
  }
  if (size === 0) throw invalid('the file is empty', 'file');
  if (size > CHAT_FILE_MAX) throw invalid(`the file is ${size} bytes; the limit is 20 MB`, 'file');
  return readFile(path);
}

export async function runAttach(raw: string, path: string, opts: CommonOptions, ctx: Context): Promise<void> {
  const id = parseId(raw, 'chat id');
  const data = await readUpload(path);
  const { client, mask } = await openSession(ctx, opts);
  const message = await new ChatApi(client).attach(id, basename(path), data, ApiClient.clientId(), progress(ctx));
  if (opts.json) return printJson(ctx, maskMessage(message, mask));
  say(ctx, `Sent ${message.file?.name ?? basename(path)} (${message.file?.type ?? ''}) to chat ${id}`);
}

export function makeAttachCommand(parent: Command, ctx: Context): void {
  withCommon(
    parent
      .command('attach')
      .description('Send a file (at most 20 MB; images, pdf, Office, text, zip, rar, mp3, mp4, msi)')
      .argument('<id>', 'chat id')
      .argument('<file>', 'path of the file'),
  ).action((id: string, file: string, opts: CommonOptions) => runAttach(id, file, opts, ctx));
}
