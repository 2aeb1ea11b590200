/**
 * `desk customer chat`: opens a chat request (or resumes my open chat, or answers a technician's
 * invitation) and runs a line-based session: typed lines are sent, `/file PATH` sends a file, `/end`
 * leaves; technicians' messages and changes are printed as they arrive. With standard input not a
 * terminal it reads lines from it and prints one JSON event per line (NDJSON) for scripts.
 */
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { ApiClient } from '../../client/http.js';
import { EventStream } from '../../client/events.js';
import type { DeskEvent } from '../../core/events.js';
import { DeskError, conflict, invalid, usageError } from '../../core/errors.js';
import { sanitizeLine, sanitizeTerminal } from '../../core/terminal.js';
import { CLOSED_CHAT_STATES, chatMessageSchema, type ChatMessage } from '../../core/chat.js';
import { checkCustomerMessage, customerChatSchema, type CustomerChat } from '../../core/customer-chat.js';
import { colours, say } from '../output.js';
import { readUpload } from '../chat/send.js';
import { askLine } from './login.js';
import { openCustomerSession, origin, type CustomerOptions, type CustomerSession } from './session.js';
import { jsonText } from '../json.js';

interface ChatOptions extends CustomerOptions {
  queue?: string;
  message?: string;
  accept?: boolean;
  decline?: boolean;
  chat?: string;
}

const isClosed = (state: string) => (CLOSED_CHAT_STATES as readonly string[]).includes(state);
const LEAVE_TICKET = '`desk customer ticket --title TEXT --message TEXT`';
const BUSY = `All technicians are busy right now. Your request waits in the queue; you can also leave a ticket instead with ${LEAVE_TICKET}.`;
const EXPIRED = `Nobody could take your chat in time: all technicians are busy. Leave a ticket instead with ${LEAVE_TICKET}.`;

class Printer {
  constructor(
    private readonly ctx: Context,
    readonly machine: boolean,
  ) {}

  event(value: Record<string, unknown>): void {
    if (this.machine) this.ctx.stdout.write(jsonText(value) + '\n');
  }

  line(text: string): void {
    if (!this.machine) this.ctx.stdout.write(text + '\n');
  }

  message(m: ChatMessage): void {
    this.event({ type: 'message', message: m });
    const c = colours(this.ctx);
    const body = m.file
      ? `[file ${m.file.id}: ${m.file.name}, ${m.file.size} bytes — save it with \`desk customer download ${m.chatId} ${m.file.id}\`]`
      : m.body;
    const text = sanitizeTerminal(body).replace(/\n/g, '\n  ');
    if (m.author.kind === 'system') this.line(c.dim(`— ${text}`));
    else this.line(`${c.green(sanitizeLine(m.author.name))}: ${text}`);
  }

  state(chat: CustomerChat): void {
    this.event({ type: 'state', state: chat.state, technician: chat.technician?.name ?? null, chat });
    const c = colours(this.ctx);
    if (chat.state === 'active')
      this.line(c.bold(`You are chatting with ${sanitizeLine(chat.technician?.name ?? 'the helpdesk')}.`));
    else if (chat.state === 'requested') this.line(c.dim('Waiting for a technician…'));
    else if (chat.state === 'expired' && chat.initiatedBy === 'customer') {
      this.event({ type: 'expired', text: EXPIRED });
      this.line(c.yellow(EXPIRED));
    } else if (isClosed(chat.state)) {
      this.line(c.bold(`The chat is ${chat.state}.`));
      if (chat.state === 'ended')
        this.line(c.dim(`Rate it: desk customer rate ${chat.id} 1..5 --chat [--comment TEXT]`));
    }
  }

  /** A technician invites me to another chat while this one runs. */
  invitation(chat: CustomerChat): void {
    const who = sanitizeLine(chat.technician?.name ?? 'A technician');
    const text = `${who} invites you to a chat (${chat.id}): run \`desk customer chat --chat ${chat.id} --accept\` (or --decline)`;
    this.event({ type: 'invitation', text, chat });
    this.line(colours(this.ctx).yellow(text));
  }

  error(err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    this.event({ type: 'error', message });
    if (!this.machine) this.ctx.stderr.write(`${colours(this.ctx, 'stderr').red('✗')} ${message}\n`);
  }
}

async function pickChat(
  s: CustomerSession,
  opts: ChatOptions,
  ctx: Context,
  p: Printer,
): Promise<{ chat: CustomerChat; busy: boolean } | undefined> {
  const list = (await s.customer.chats()).items;
  const byId = opts.chat !== undefined ? list.find((c) => c.id === Number(opts.chat)) : undefined;
  if (opts.chat !== undefined && !byId) throw new DeskError('not_found', `chat ${opts.chat} not found`);
  const invitation = byId ?? list.find((c) => c.initiatedBy === 'technician' && c.state === 'offered');
  const open =
    byId ?? list.find((c) => !isClosed(c.state) && !(c.initiatedBy === 'technician' && c.state === 'offered'));
  const answer = async (verb: 'accept' | 'decline', chat: CustomerChat) => s.customer.answer(chat.id, verb);
  if ((opts.accept || opts.decline) && !invitation) {
    // The newest invitation ran out: say so rather than that there is none.
    const lapsed = list.find((c) => c.initiatedBy === 'technician' && c.state !== 'active');
    if (lapsed?.state === 'expired') {
      throw conflict(`the invitation to chat ${lapsed.id} expired; ask the helpdesk again with desk customer chat`);
    }
  }
  if (opts.decline) {
    if (!invitation) throw usageError('no invitation to decline');
    const chat = await answer('decline', invitation);
    p.state(chat);
    if (!p.machine) say(ctx, `Declined chat ${chat.id}`);
    return undefined;
  }
  if (opts.accept) {
    if (!invitation || invitation.state !== 'offered') throw usageError('no invitation to accept');
    return { chat: await answer('accept', invitation), busy: false };
  }
  if (open && !(open.initiatedBy === 'technician' && open.state === 'offered')) return { chat: open, busy: false };
  if (invitation) {
    const who = invitation.technician?.name ?? 'A technician';
    if (p.machine) {
      throw usageError(
        `${who} invited you to chat ${invitation.id}`,
        'run `desk customer chat --accept` or `--decline`',
      );
    }
    const yes = /^y(es)?$/i.test(await askLine(ctx, `${sanitizeLine(who)} invites you to a chat. Accept? [y/N] `));
    if (!yes) {
      p.state(await answer('decline', invitation));
      return undefined;
    }
    return { chat: await answer('accept', invitation), busy: false };
  }
  if (opts.message !== undefined) {
    const problem = checkCustomerMessage(opts.message);
    if (problem) throw invalid(problem, 'message');
  }
  return s.customer.request({
    queue: opts.queue,
    message: opts.message,
    origin: origin(),
    clientId: ApiClient.clientId(),
  });
}

export async function runCustomerChat(opts: ChatOptions, ctx: Context): Promise<void> {
  if (opts.accept && opts.decline) throw usageError('give --accept or --decline, not both');
  if (opts.chat !== undefined && !/^\d+$/.test(opts.chat))
    throw invalid(`--chat must be a chat id, got "${opts.chat}"`);
  const machine = ctx.stdin.isTTY !== true || opts.json === true;
  const p = new Printer(ctx, machine);
  const s = await openCustomerSession(ctx, opts);
  const picked = await pickChat(s, opts, ctx, p);
  if (!picked) return;
  const [detail, me] = await Promise.all([s.customer.chat(picked.chat.id), s.customer.me()]);
  // My own lines are not echoed; the other customers' in a shared session are, with their names.
  const fromOthers = (m: ChatMessage) => m.author.kind !== 'contact' || m.author.id !== me.contact.id;
  const chatId = detail.id;
  p.event({ type: 'chat', chat: picked.chat });
  if (!machine) say(ctx, `Chat ${chatId}: type a message and press Enter; /file PATH sends a file, /end leaves`);
  for (const m of detail.messages) if (fromOthers(m)) p.message(m);
  p.state(picked.chat);
  if (picked.busy) {
    p.event({ type: 'busy', text: BUSY });
    p.line(colours(ctx).yellow(BUSY));
  }
  if (isClosed(detail.state)) return;

  const stream = new EventStream({ server: s.server, token: s.token, path: '/v1/customer/events', since: detail.seq });
  let state = detail.state;
  let work: Promise<void> = Promise.resolve();
  await new Promise<void>((resolve, reject) => {
    const rl = createInterface({ input: ctx.stdin, terminal: false });
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      process.off('SIGINT', interrupt);
      process.off('SIGTERM', interrupt);
      stream.stop();
      rl.close();
      void work.then(() => resolve());
    };
    const interrupt = () => {
      if (!machine && !isClosed(state)) say(ctx, `Chat ${chatId} stays open; run \`desk customer chat\` to continue`);
      finish();
    };
    process.on('SIGINT', interrupt);
    process.on('SIGTERM', interrupt);
    stream.on('error', (err) => {
      finish();
      reject(err);
    });
    stream.on('event', (e: DeskEvent) => {
      const d = e.data as { chatId?: unknown; message?: unknown; customerChat?: unknown; text?: unknown };
      if (d.chatId !== chatId) {
        const other = e.type === 'chat.updated' ? customerChatSchema.safeParse(d.customerChat) : undefined;
        if (other?.success && other.data.initiatedBy === 'technician' && other.data.state === 'offered') {
          p.invitation(other.data);
        }
        return;
      }
      if (e.type === 'chat.message') {
        const m = chatMessageSchema.safeParse(d.message);
        if (m.success && fromOthers(m.data)) p.message(m.data);
        return;
      }
      if (e.type === 'chat.busy') {
        p.event({ type: 'busy', text: BUSY });
        p.line(colours(ctx).yellow(BUSY));
        return;
      }
      const chat = customerChatSchema.safeParse(d.customerChat);
      if (!chat.success) return;
      if (chat.data.state !== state || e.type === 'chat.updated') {
        const changed = chat.data.state !== state;
        state = chat.data.state;
        if (changed) p.state(chat.data);
      }
      if (isClosed(state)) finish();
    });
    stream.start();

    const handle = async (line: string) => {
      const text = line.replace(/\r$/, '');
      if (text.trim() === '' || finished) return;
      try {
        if (text.trim() === '/end') {
          const chat = await s.customer.end(chatId);
          if (chat.state !== state) {
            state = chat.state;
            p.state(chat);
          }
          finish();
          return;
        }
        if (text.startsWith('/file ')) {
          const path = text.slice(6).trim();
          const data = await readUpload(path);
          const m = await s.customer.attach(chatId, basename(path), data, ApiClient.clientId());
          p.event({ type: 'sent', message: m });
          return;
        }
        const problem = checkCustomerMessage(text);
        if (problem) throw invalid(problem, 'message');
        const m = await s.customer.send(chatId, text, ApiClient.clientId());
        p.event({ type: 'sent', message: m });
      } catch (err) {
        p.error(err);
      }
    };
    rl.on('line', (line) => {
      work = work.then(() => handle(line));
    });
  });
}

export function makeChatCommand(parent: Command, ctx: Context): void {
  parent
    .command('chat')
    .description('Chat with the helpdesk (or continue your open chat, or answer an invitation)')
    .option('--queue <name>', 'the queue to ask in (default: the default queue)')
    .option('--message <text>', 'your first message')
    .option('--accept', "accept a technician's invitation")
    .option('--decline', "decline a technician's invitation")
    .option('--chat <id>', 'which of your chats')
    .option('--profile <name>', 'customer profile (default "customer")')
    .option('--json', 'print one JSON event per line even on a terminal')
    .action((opts: ChatOptions) => runCustomerChat(opts, ctx));
}
