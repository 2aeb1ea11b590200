/** `desk chat accept|decline|take|unassign ID`. */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { sanitizeLine } from '../../core/terminal.js';
import { openSession, parseId, withCommon, type CommonOptions } from '../session.js';
import { say } from '../output.js';
import { printJson } from '../json.js';
import { ChatApi } from '../../client/api/chat.js';
import { maskChat } from './format.js';

async function answer(
  verb: 'accept' | 'decline' | 'take' | 'unassign',
  raw: string,
  opts: CommonOptions,
  ctx: Context,
) {
  const id = parseId(raw, 'chat id');
  const { client, mask } = await openSession(ctx, opts);
  const chats = new ChatApi(client);
  if (verb === 'accept') {
    const res = await chats.accept(id);
    if (opts.json) return printJson(ctx, { ...res, chat: maskChat(res.chat, mask) });
    const what = {
      offer: 'the chat',
      transfer: 'the transfer',
      conference: 'the conference invitation',
      invitation: 'the chat',
    };
    say(ctx, `Accepted ${what[res.accepted]} ${id} with ${sanitizeLine(mask(res.chat.contact.name))}`);
    return;
  }
  if (verb === 'decline') {
    const res = await chats.decline(id);
    if (opts.json) return printJson(ctx, { ...res, chat: maskChat(res.chat, mask) });
    say(ctx, `Declined the ${res.declined} of chat ${id}`);
    return;
  }
  const chat = verb === 'take' ? await chats.take(id) : await chats.unassign(id);
  if (opts.json) return printJson(ctx, maskChat(chat, mask));
  say(
    ctx,
    verb === 'take'
      ? `Took chat ${id} with ${sanitizeLine(mask(chat.contact.name))}`
      : `Returned chat ${id} to its queue`,
  );
}

export function makeAnswerCommands(parent: Command, ctx: Context): void {
  const verbs = {
    accept: 'Accept an offer, a transfer to you or a conference invitation',
    decline: 'Decline an offer (it goes to the next technician), a transfer or an invitation',
    take: 'Take a waiting request of a pick-mode queue (the first one wins)',
    unassign: 'Return one of your chats to its queue',
  } as const;
  for (const [verb, description] of Object.entries(verbs) as Array<[keyof typeof verbs, string]>) {
    withCommon(parent.command(verb).description(description).argument('<id>', 'chat id')).action(
      (id: string, opts: CommonOptions) => answer(verb, id, opts, ctx),
    );
  }
}
