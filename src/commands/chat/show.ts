/** `desk chat show ID` and `desk chat watch ID` (new messages and state changes until the chat ends). */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { EventStream } from '../../client/events.js';
import { ChatApi } from '../../client/api/chat.js';
import { openSession, parseId, withCommon, type CommonOptions } from '../session.js';
import { colours } from '../output.js';
import type { DeskEvent } from '../../core/events.js';
import { sanitizeLine } from '../../core/terminal.js';
import { CLOSED_CHAT_STATES, chatSchema, type ChatMessage } from '../../core/chat.js';
import { maskChat, maskDetail, maskMessage, messageLine, printDetail } from './format.js';
import { jsonText } from '../json.js';

export async function runShow(raw: string, opts: CommonOptions, ctx: Context): Promise<void> {
  const id = parseId(raw, 'chat id');
  const { client, mask } = await openSession(ctx, opts);
  const detail = maskDetail(await new ChatApi(client).get(id), mask);
  if (opts.json) {
    ctx.stdout.write(jsonText(detail, ctx.stdout.isTTY ? 2 : undefined) + '\n');
    return;
  }
  printDetail(ctx, detail);
}

export function makeShowCommand(parent: Command, ctx: Context): void {
  withCommon(
    parent.command('show').description('Show a chat: details, origin and transcript').argument('<id>', 'chat id'),
  ).action((id: string, opts: CommonOptions) => runShow(id, opts, ctx));
}

const closed = (state: string) => (CLOSED_CHAT_STATES as readonly string[]).includes(state);

export async function runWatch(raw: string, opts: CommonOptions, ctx: Context): Promise<void> {
  const id = parseId(raw, 'chat id');
  const { client, mask, profile } = await openSession(ctx, opts);
  const detail = await new ChatApi(client).get(id);
  const c = colours(ctx, 'stderr');
  const out = (value: unknown) => ctx.stdout.write(jsonText(value) + '\n');
  if (closed(detail.state)) {
    if (opts.json) out({ type: 'state', chatId: id, state: detail.state });
    else ctx.stderr.write(`${c.dim(`chat ${id} is ${detail.state}`)}\n`);
    return;
  }
  if (!opts.json) ctx.stderr.write(c.dim(`watching chat ${id} (${detail.state}); Ctrl-C to stop\n`));
  const stream = new EventStream({ server: profile.server, token: profile.token, since: detail.seq });
  let lastState = detail.state;
  await new Promise<void>((resolve, reject) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      stream.stop();
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    stream.on('error', (err) => {
      stream.stop();
      reject(err);
    });
    // Scripts learn when the stream is live: everything after this line arrives as it happens.
    stream.once('ready', (seq) => {
      if (opts.json) out({ type: 'ready', chatId: id, seq });
    });
    stream.on('event', (e: DeskEvent) => {
      const d = e.data as { chatId?: unknown; message?: unknown; chat?: unknown; text?: unknown; kind?: unknown };
      if (d.chatId !== id) return;
      if (e.type === 'chat.message') {
        const m = maskMessage(d.message as ChatMessage, mask);
        if (opts.json) out({ type: 'message', at: e.at, chatId: id, message: m });
        else ctx.stdout.write(messageLine(ctx, m) + '\n');
        return;
      }
      if (e.type === 'chat.notice') {
        if (opts.json) out({ type: 'notice', at: e.at, chatId: id, kind: d.kind, text: d.text });
        else ctx.stdout.write(c.yellow(`! ${sanitizeLine(String(d.text))}`) + '\n');
        return;
      }
      const parsed = chatSchema.safeParse(d.chat);
      if (!parsed.success) return;
      const chat = maskChat(parsed.data, mask);
      if (opts.json) out({ type: e.type, at: e.at, chatId: id, chat });
      else if (chat.state !== lastState) {
        ctx.stdout.write(
          c.bold(`— chat ${id} is now ${chat.state}${chat.owner ? ` (${sanitizeLine(chat.owner.name)})` : ''}`) + '\n',
        );
      }
      lastState = chat.state;
      if (closed(chat.state)) stop();
    });
    stream.start();
  });
}

export function makeWatchCommand(parent: Command, ctx: Context): void {
  withCommon(
    parent
      .command('watch')
      .description('Stream new messages and state changes of a chat until it ends (--json: one object per line)')
      .argument('<id>', 'chat id'),
  ).action((id: string, opts: CommonOptions) => runWatch(id, opts, ctx));
}
