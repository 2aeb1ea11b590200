/** `desk chat …`: requests, my chats, answers to offers, messages, files, transfers, conferences and wrap-up. */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { makeListCommand, makeRequestsCommand } from './lists.js';
import { makeAnswerCommands } from './answer.js';
import { makeStartCommand } from './start.js';
import { makeAttachCommand, makeSendCommand } from './send.js';
import { makeShowCommand, makeWatchCommand } from './show.js';
import { makeManageCommands } from './manage.js';
import { makeDownloadCommand } from './download.js';
import { makeSessionCommands } from './sessions.js';

export function register(program: Command, ctx: Context): void {
  const chat = program.command('chat').description('Live chats: requests, offers, messages, transfers and wrap-up');
  makeRequestsCommand(chat, ctx);
  makeListCommand(chat, ctx);
  makeAnswerCommands(chat, ctx);
  makeStartCommand(chat, ctx);
  makeSendCommand(chat, ctx);
  makeAttachCommand(chat, ctx);
  makeShowCommand(chat, ctx);
  makeWatchCommand(chat, ctx);
  makeManageCommands(chat, ctx);
  makeDownloadCommand(chat, ctx);
  makeSessionCommands(chat, ctx);
}
