/** `desk chat start --contact ID | --ticket ID [--message TEXT]`. */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { sanitizeLine } from '../../core/terminal.js';
import { ApiClient } from '../../client/http.js';
import { openSession, parseId, withCommon, type CommonOptions } from '../session.js';
import { say } from '../output.js';
import { printJson } from '../json.js';
import { invalid, usageError } from '../../core/errors.js';
import { checkComposer } from '../../core/composer.js';
import { ChatApi } from '../../client/api/chat.js';
import { maskChat } from './format.js';

interface StartOptions extends CommonOptions {
  contact?: string;
  ticket?: string;
  message?: string;
}

export async function runStart(opts: StartOptions, ctx: Context): Promise<void> {
  if ((opts.contact === undefined) === (opts.ticket === undefined)) {
    throw usageError('give either --contact ID or --ticket ID');
  }
  const contactId = opts.contact !== undefined ? parseId(opts.contact, '--contact') : undefined;
  const ticketId = opts.ticket !== undefined ? parseId(opts.ticket, '--ticket') : undefined;
  if (opts.message !== undefined) {
    const check = checkComposer(opts.message);
    if (!check.ok) throw invalid(check.reason, 'message');
  }
  const { client, mask } = await openSession(ctx, opts);
  const res = await new ChatApi(client).start({
    contactId,
    ticketId,
    message: opts.message,
    clientId: ApiClient.clientId(),
  });
  if (opts.json) return printJson(ctx, { ...res, chat: maskChat(res.chat, mask) });
  say(
    ctx,
    res.reused
      ? `Chat ${res.chat.id} with ${sanitizeLine(mask(res.chat.contact.name))} is open already (${res.chat.state})`
      : `Invited ${sanitizeLine(mask(res.chat.contact.name))} to chat ${res.chat.id}; they must accept in time`,
  );
  if (!ctx.stdout.isTTY) ctx.stdout.write(`${res.chat.id}\n`);
}

export function makeStartCommand(parent: Command, ctx: Context): void {
  withCommon(
    parent
      .command('start')
      .description("Start a chat with a contact or with a ticket's requester (reuses my open chat on that ticket)")
      .option('--contact <id>', 'contact id')
      .option('--ticket <id>', 'ticket id (its requester is invited; the chat is linked to the ticket)')
      .option('--message <text>', 'first message (composer rules apply)'),
  ).action((opts: StartOptions) => runStart(opts, ctx));
}
