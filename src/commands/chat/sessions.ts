/**
 * `desk chat invite|join|control|leave`: support sessions — a single-use join link for a customer, an
 * assistant joining by session number, control passed on, and leaving a chat without control.
 */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { openSession, parseId, withCommon, type CommonOptions } from '../session.js';
import { say } from '../output.js';
import { printJson } from '../json.js';
import { invalid } from '../../core/errors.js';
import { checkComposer } from '../../core/composer.js';
import { sanitizeLine } from '../../core/terminal.js';
import { normaliseSessionNumber } from '../../core/support-sessions.js';
import { SupportSessionApi } from '../../client/api/support-sessions.js';
import { maskChat } from './format.js';

interface InviteOptions extends CommonOptions {
  email: string;
  name?: string;
  company?: string;
  message?: string;
}

/** The address people open: the profile's server (the first of a failover list) and the path. */
export function joinUrl(server: string, path: string): string {
  return (server.split(',')[0] ?? server).trim().replace(/\/+$/, '') + path;
}

export async function runInvite(raw: string | undefined, opts: InviteOptions, ctx: Context): Promise<void> {
  const chatId = raw !== undefined ? parseId(raw, 'chat id') : undefined;
  const companyId = opts.company !== undefined ? parseId(opts.company, '--company') : undefined;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(opts.email.trim())) {
    throw invalid(`--email must be an e-mail address, got "${opts.email}"`, 'email');
  }
  if (opts.name !== undefined && (opts.name.trim() === '' || opts.name.length > 200)) {
    throw invalid('--name must be 1 to 200 characters', 'name');
  }
  if (opts.message !== undefined) {
    if (chatId !== undefined) throw invalid('--message goes with a new chat only (without CHAT)', 'message');
    const check = checkComposer(opts.message);
    if (!check.ok) throw invalid(check.reason, 'message');
  }
  const { client, profile, mask } = await openSession(ctx, opts);
  const res = await new SupportSessionApi(client).invite({
    ...(chatId !== undefined ? { chatId } : {}),
    email: opts.email.trim(),
    ...(opts.name !== undefined ? { name: opts.name } : {}),
    ...(companyId !== undefined ? { companyId } : {}),
    ...(opts.message !== undefined ? { message: opts.message } : {}),
  });
  const url = joinUrl(profile.server, res.path);
  if (opts.json) {
    return printJson(ctx, {
      ...res,
      url,
      chat: maskChat(res.chat, mask),
      contact: { ...res.contact, name: mask(res.contact.name), email: mask(res.contact.email) },
    });
  }
  const who = sanitizeLine(mask(res.contact.name));
  if (res.contact.created) say(ctx, `Added ${who} <${mask(res.contact.email)}> as a contact`);
  say(
    ctx,
    `Invited ${who} to chat ${res.chat.id} (session number ${res.sessionNumber}); the link works once, until ${res.expiresAt}`,
  );
  if (res.mailed === true) say(ctx, `Sent the link to ${mask(res.contact.email)} by e-mail`);
  ctx.stdout.write(`${url}\n`);
}

export async function runJoin(raw: string, opts: CommonOptions, ctx: Context): Promise<void> {
  const number = normaliseSessionNumber(raw);
  if (number === undefined) throw invalid(`the session number is 9 digits, got "${raw}"`, 'sessionNumber');
  const { client, mask } = await openSession(ctx, opts);
  const chat = await new SupportSessionApi(client).join(number);
  if (opts.json) return printJson(ctx, maskChat(chat, mask));
  say(
    ctx,
    `Joined chat ${chat.id} with ${sanitizeLine(mask(chat.contact.name))} as an assistant; ${sanitizeLine(chat.owner?.name ?? 'the owner')} has control`,
  );
  if (!ctx.stdout.isTTY) ctx.stdout.write(`${chat.id}\n`);
}

export async function runControl(raw: string, opts: CommonOptions & { to: string }, ctx: Context): Promise<void> {
  const id = parseId(raw, 'chat id');
  const to = parseId(opts.to, '--to');
  const { client, mask } = await openSession(ctx, opts);
  const chat = await new SupportSessionApi(client).control(id, to);
  if (opts.json) return printJson(ctx, maskChat(chat, mask));
  say(ctx, `Passed control of chat ${id} to ${sanitizeLine(chat.owner?.name ?? `technician ${to}`)}; you stay in it`);
}

export async function runLeave(raw: string, opts: CommonOptions, ctx: Context): Promise<void> {
  const id = parseId(raw, 'chat id');
  const { client, mask } = await openSession(ctx, opts);
  const chat = await new SupportSessionApi(client).leave(id);
  if (opts.json) return printJson(ctx, maskChat(chat, mask));
  say(ctx, `Left chat ${id}`);
}

export function makeSessionCommands(parent: Command, ctx: Context): void {
  withCommon(
    parent
      .command('invite')
      .description(
        'A single-use join link for a customer, printed to paste into a message and mailed to them when an SMTP transport is set (without CHAT a new chat is started)',
      )
      .argument('[chat]', 'a running chat to invite into')
      .requiredOption('--email <address>', "the customer's e-mail address")
      .option('--name <name>', 'their name, for an address that is not a contact yet')
      .option('--company <id>', 'the company to add an unknown address to as a contact')
      .option('--message <text>', 'first message of a new chat (composer rules apply)'),
  ).action((chat: string | undefined, opts: InviteOptions) => runInvite(chat, opts, ctx));
  withCommon(
    parent
      .command('join')
      .description('Join a running support session by its number as an assistant (talk; no transfer or end)')
      .argument('<number>', 'the 9-digit session number'),
  ).action((n: string, opts: CommonOptions) => runJoin(n, opts, ctx));
  withCommon(
    parent
      .command('control')
      .description('Pass control of a chat to a technician in it; you stay as an observer who can talk')
      .argument('<id>', 'chat id')
      .requiredOption('--to <technician>', 'technician id'),
  ).action((id: string, opts: CommonOptions & { to: string }) => runControl(id, opts, ctx));
  withCommon(
    parent.command('leave').description('Leave a chat you do not have control of').argument('<id>', 'chat id'),
  ).action((id: string, opts: CommonOptions) => runLeave(id, opts, ctx));
}
