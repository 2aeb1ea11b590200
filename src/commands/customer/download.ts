/** `desk customer download CHAT FILE_ID [-o PATH]`: save a file a technician sent in one of my chats. */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { invalid } from '../../core/errors.js';
import { parseId } from '../session.js';
import { safeFileName, saveDownload } from '../tickets/files.js';
import { openCustomerSession, type CustomerOptions } from './session.js';

interface DownloadOptions extends CustomerOptions {
  output?: string;
}

export async function runCustomerDownload(
  chat: string,
  file: string,
  opts: DownloadOptions,
  ctx: Context,
): Promise<void> {
  const chatId = parseId(chat, 'chat id');
  const fileId = parseId(file, 'file id');
  if (opts.output !== undefined && opts.output.trim() === '') throw invalid('-o needs a path', '--output');
  const { customer } = await openCustomerSession(ctx, opts);
  const detail = await customer.chat(chatId);
  const name = detail.messages.find((m) => m.file?.id === fileId)?.file?.name ?? '';
  await saveDownload(ctx, opts, fileId, safeFileName(name, `chat-file-${fileId}`), () =>
    customer.download(chatId, fileId),
  );
}

export function makeDownloadCommand(parent: Command, ctx: Context): void {
  parent
    .command('download')
    .description('Download a file sent in one of your chats (the file id is shown with the file)')
    .argument('<chat>', 'chat id')
    .argument('<fileId>', 'file id')
    .option('-o, --output <path>', 'where to write it (default: its name in the current directory; - for stdout)')
    .option('--profile <name>', 'customer profile (default "customer")')
    .option('--json', 'print machine-readable JSON only')
    .action((chat: string, file: string, opts: DownloadOptions) => runCustomerDownload(chat, file, opts, ctx));
}
