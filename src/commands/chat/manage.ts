/** `desk chat transfer|conference|end-conference|end|ticket`. */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { openSession, parseId, withCommon, type CommonOptions } from '../session.js';
import { say } from '../output.js';
import { printJson } from '../json.js';
import { invalid, usageError } from '../../core/errors.js';
import { TRANSFER_NOTE_MAX } from '../../core/composer.js';
import { ChatApi } from '../../client/api/chat.js';
import { maskChat } from './format.js';
import { sanitizeLine } from '../../core/terminal.js';

interface TransferOptions extends CommonOptions {
  toTechnician?: string;
  toQueue?: string;
  note?: string;
  reason: string;
}

export async function runTransfer(raw: string, opts: TransferOptions, ctx: Context): Promise<void> {
  const id = parseId(raw, 'chat id');
  if ((opts.toTechnician === undefined) === (opts.toQueue === undefined)) {
    throw usageError('give either --to-technician ID or --to-queue NAME');
  }
  const toTechnicianId = opts.toTechnician !== undefined ? parseId(opts.toTechnician, '--to-technician') : undefined;
  if (opts.note !== undefined && [...opts.note.trim()].length > TRANSFER_NOTE_MAX) {
    throw invalid(
      `the note is ${[...opts.note.trim()].length} characters long; the limit is ${TRANSFER_NOTE_MAX}`,
      'note',
    );
  }
  const { client, mask } = await openSession(ctx, opts);
  const chat = await new ChatApi(client).transfer(id, {
    toTechnicianId,
    toQueue: opts.toQueue,
    note: opts.note,
    reason: opts.reason,
  });
  if (opts.json) return printJson(ctx, maskChat(chat, mask));
  say(
    ctx,
    `Asked ${opts.toQueue !== undefined ? `queue ${opts.toQueue}` : `technician ${toTechnicianId}`} to take chat ${id}; it stays yours until they accept`,
  );
}

interface TechOptions extends CommonOptions {
  technician: string;
  reason?: string;
}

async function runConference(verb: 'conference' | 'end-conference', raw: string, opts: TechOptions, ctx: Context) {
  const id = parseId(raw, 'chat id');
  const technicianId = parseId(opts.technician, '--technician');
  const { client, mask } = await openSession(ctx, opts);
  const chats = new ChatApi(client);
  const chat =
    verb === 'conference'
      ? await chats.conference(id, technicianId)
      : await chats.endConference(id, technicianId, opts.reason);
  if (opts.json) return printJson(ctx, maskChat(chat, mask));
  say(
    ctx,
    verb === 'conference'
      ? `Invited technician ${technicianId} into chat ${id}; they must accept`
      : `Technician ${technicianId} left the conference of chat ${id}${opts.reason !== undefined ? ` (${opts.reason})` : ''}`,
  );
}

/** `desk chat wrap-up ID --reason R` gives the reason I owe; without an id, lists the chats I owe one for. */
export async function runWrapup(
  raw: string | undefined,
  opts: CommonOptions & { reason?: string },
  ctx: Context,
): Promise<void> {
  if (raw === undefined) {
    if (opts.reason !== undefined) throw usageError('give the chat id: desk chat wrap-up ID --reason WRAPUP');
    const { client, mask } = await openSession(ctx, opts);
    const due = (await new ChatApi(client).wrapupsDue()).items;
    if (opts.json)
      return printJson(
        ctx,
        due.map((c) => maskChat(c, mask)),
      );
    if (due.length === 0) return say(ctx, 'You owe no wrap-up reasons');
    for (const c of due) ctx.stdout.write(`${c.id}\t${c.state}\t${sanitizeLine(mask(c.contact.name))}\n`);
    return;
  }
  const id = parseId(raw, 'chat id');
  if (opts.reason === undefined)
    throw usageError('give your wrap-up reason with --reason (from `desk admin wrapup list`)');
  const { client, mask } = await openSession(ctx, opts);
  const chat = await new ChatApi(client).wrapup(id, opts.reason);
  if (opts.json) return printJson(ctx, maskChat(chat, mask));
  say(ctx, `Wrapped up chat ${id} (${opts.reason})`);
}

export async function runEnd(raw: string, opts: CommonOptions & { reason: string }, ctx: Context): Promise<void> {
  const id = parseId(raw, 'chat id');
  const { client, mask } = await openSession(ctx, opts);
  const chat = await new ChatApi(client).end(id, opts.reason);
  if (opts.json) return printJson(ctx, maskChat(chat, mask));
  say(ctx, `Ended chat ${id} (${opts.reason})`);
}

export async function runTicket(raw: string, opts: CommonOptions & { title?: string }, ctx: Context): Promise<void> {
  const id = parseId(raw, 'chat id');
  if (opts.title !== undefined && (opts.title.trim() === '' || opts.title.length > 300)) {
    throw invalid('--title must be 1 to 300 characters', 'title');
  }
  const { client } = await openSession(ctx, opts);
  const res = await new ChatApi(client).makeTicket(id, opts.title);
  if (opts.json) return printJson(ctx, res);
  say(
    ctx,
    res.created
      ? `Made ticket #${res.ticketId} from chat ${id}`
      : `Chat ${id} has ticket #${res.ticketId}: ${res.title}`,
  );
  if (!ctx.stdout.isTTY) ctx.stdout.write(`${res.ticketId}\n`);
}

export function makeManageCommands(parent: Command, ctx: Context): void {
  withCommon(
    parent
      .command('transfer')
      .description('Hand a chat to a technician or a queue; it stays yours until they accept')
      .argument('<id>', 'chat id')
      .option('--to-technician <id>', 'technician id')
      .option('--to-queue <name>', 'queue name')
      .option('--note <text>', `a note for the next technician (at most ${TRANSFER_NOTE_MAX} characters)`)
      .requiredOption('--reason <wrapup>', 'your wrap-up reason for leaving the chat (from `desk admin wrapup list`)'),
  ).action((id: string, opts: TransferOptions) => runTransfer(id, opts, ctx));
  withCommon(
    parent
      .command('conference')
      .description('Invite another technician into a chat (they must accept)')
      .argument('<id>', 'chat id')
      .requiredOption('--technician <id>', 'technician id'),
  ).action((id: string, opts: TechOptions) => runConference('conference', id, opts, ctx));
  withCommon(
    parent
      .command('end-conference')
      .description('Remove a technician from the conference (or leave it yourself, with your wrap-up reason)')
      .argument('<id>', 'chat id')
      .requiredOption('--technician <id>', 'technician id')
      .option('--reason <wrapup>', 'your wrap-up reason when you leave yourself (from `desk admin wrapup list`)'),
  ).action((id: string, opts: TechOptions) => runConference('end-conference', id, opts, ctx));
  withCommon(
    parent
      .command('wrap-up')
      .description(
        'Give the wrap-up reason you owe for your part of a chat (it ended, or you left its conference); without an id, list the chats you owe one for',
      )
      .argument('[id]', 'chat id')
      .option('--reason <wrapup>', 'wrap-up reason (from `desk admin wrapup list`)'),
  ).action((id: string | undefined, opts: CommonOptions & { reason?: string }) => runWrapup(id, opts, ctx));
  withCommon(
    parent
      .command('end')
      .description('End a chat with a wrap-up reason (or give the reason for a chat the customer ended)')
      .argument('<id>', 'chat id')
      .requiredOption('--reason <wrapup>', 'wrap-up reason (from `desk admin wrapup list`)'),
  ).action((id: string, opts: CommonOptions & { reason: string }) => runEnd(id, opts, ctx));
  withCommon(
    parent
      .command('ticket')
      .description("Make the chat's ticket now (transcript as first comment), or rename it")
      .argument('<id>', 'chat id')
      .option('--title <text>', 'ticket title (default "New ticket opened from chat")'),
  ).action((id: string, opts: CommonOptions & { title?: string }) => runTicket(id, opts, ctx));
}
