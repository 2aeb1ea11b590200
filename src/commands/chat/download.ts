/** `desk chat download CHAT FILE_ID [-o PATH]`: save a file sent in a chat. */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { openSession, parseId, withCommon, type CommonOptions } from '../session.js';
import { ChatApi } from '../../client/api/chat.js';
import { invalid } from '../../core/errors.js';
import { safeFileName, saveDownload } from '../tickets/files.js';

export function makeDownloadCommand(parent: Command, ctx: Context): Command {
  return withCommon(
    parent
      .command('download')
      .description('Download a file sent in a chat')
      .argument('<id>', 'chat id')
      .argument('<fileId>', 'file id (see desk chat show)')
      .option('-o, --output <path>', 'where to write it (default: its name in the current directory; - for stdout)'),
  ).action(async (id: string, file: string, opts: CommonOptions & { output?: string }) => {
    const chatId = parseId(id, 'chat id');
    const fileId = parseId(file, 'file id');
    if (opts.output !== undefined && opts.output.trim() === '') throw invalid('-o needs a path', '--output');
    const { client } = await openSession(ctx, opts);
    const chats = new ChatApi(client);
    const chat = await chats.get(chatId);
    const name = chat.messages.find((m) => m.file?.id === fileId)?.file?.name ?? '';
    await saveDownload(ctx, opts, fileId, safeFileName(name, `chat-file-${fileId}`), () =>
      chats.download(chatId, fileId),
    );
  });
}
