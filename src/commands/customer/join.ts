/**
 * `desk customer join LINK|TOKEN|NUMBER`: opens a join link a technician sent (it becomes this
 * profile's session at once, no code needed) or joins a support session of your company by its
 * 9-digit number on the session you are logged in with.
 */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { CustomerJoinApi } from '../../client/api/support-sessions.js';
import { normaliseServer, saveProfile } from '../../client/profiles.js';
import { invalid, usageError } from '../../core/errors.js';
import { sanitizeLine } from '../../core/terminal.js';
import { JOIN_PATH, joinTokenOf, normaliseSessionNumber } from '../../core/support-sessions.js';
import { say } from '../output.js';
import { printJson } from '../json.js';
import { clientFor } from '../session.js';
import { customerProfileName, openCustomerSession, type CustomerOptions } from './session.js';

interface JoinOptions extends CustomerOptions {
  server?: string;
}

/** The server a join link names (`https://desk.example/join/TOKEN` → `https://desk.example`), if it is a URL. */
function serverOfLink(raw: string): string | undefined {
  const at = raw.indexOf(JOIN_PATH);
  return at > 0 && /^https?:\/\//i.test(raw.trim()) ? raw.trim().slice(0, at) : undefined;
}

export async function runCustomerJoin(raw: string, opts: JoinOptions, ctx: Context): Promise<void> {
  const number = normaliseSessionNumber(raw);
  if (number !== undefined) {
    const { server, token } = await openCustomerSession(ctx, opts);
    const res = await new CustomerJoinApi(clientFor(ctx, server, token)).byNumber(number);
    if (opts.json) return printJson(ctx, res);
    say(ctx, `Joined chat ${res.chatId}; talk with: desk customer chat --chat ${res.chatId}`);
    if (!ctx.stdout.isTTY) ctx.stdout.write(`${res.chatId}\n`);
    return;
  }
  const token = joinTokenOf(raw);
  if (token === undefined) {
    throw invalid(`"${raw}" is neither a join link nor a 9-digit session number`);
  }
  const rawServer = opts.server ?? serverOfLink(raw) ?? ctx.env.DESK_SERVER;
  if (!rawServer) throw usageError('no server given', 'add --server URL, or give the whole link');
  const server = normaliseServer(rawServer);
  const res = await new CustomerJoinApi(clientFor(ctx, server, '')).byToken(token);
  const name = customerProfileName(ctx, opts.profile);
  await saveProfile(ctx.env, name, { server, token: res.token ?? '' }, false);
  if (opts.json) return printJson(ctx, { profile: name, server, customer: res.customer, chatId: res.chatId });
  say(
    ctx,
    `Joined chat ${res.chatId} as ${sanitizeLine(res.customer.name)} (profile ${name}); talk with: desk customer chat --chat ${res.chatId}`,
  );
  if (!ctx.stdout.isTTY) ctx.stdout.write(`${res.chatId}\n`);
}

export function makeJoinCommand(parent: Command, ctx: Context): void {
  parent
    .command('join')
    .description("Open a technician's join link (no code needed), or join a session of your company by its number")
    .argument('<link-or-number>', 'the join link (or its token), or the 9-digit session number')
    .option('--server <url>', 'your helpdesk server URL (when the link is not a whole URL)')
    .option('--profile <name>', 'customer profile (default "customer")')
    .option('--json', 'print machine-readable JSON only')
    .action((arg: string, opts: JoinOptions) => runCustomerJoin(arg, opts, ctx));
}
