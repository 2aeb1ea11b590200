/** `desk customer login --server URL --email EMAIL [--code CODE]` and `desk customer logout`. */
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { CustomerApi } from '../../client/api/customer.js';
import { normaliseServer, openConfig, removeProfile, saveProfile } from '../../client/profiles.js';
import { invalid, usageError } from '../../core/errors.js';
import { sanitizeLine } from '../../core/terminal.js';
import { say } from '../output.js';
import { printJson } from '../json.js';
import { clientFor } from '../session.js';
import { customerProfileName, openCustomerSession, type CustomerOptions } from './session.js';

interface LoginOptions extends CustomerOptions {
  server?: string;
  email: string;
  code?: string;
}

/** Reads one line from a terminal, the prompt on stderr. */
export function askLine(ctx: Context, prompt: string): Promise<string> {
  const rl = createInterface({ input: ctx.stdin, output: ctx.stderr, terminal: true });
  return new Promise((resolve) => {
    rl.question(prompt, (answer) => {
      rl.close();
      resolve(answer.trim());
    });
  });
}

export async function runCustomerLogin(opts: LoginOptions, ctx: Context): Promise<void> {
  const rawServer = opts.server ?? ctx.env.DESK_SERVER;
  if (!rawServer) throw usageError('no server given', 'add --server URL (your helpdesk gives it to you)');
  const server = normaliseServer(rawServer);
  if (opts.code !== undefined && !/^\d{6}$/.test(opts.code.trim())) throw invalid('--code must be the 6-digit code');
  const anon = new CustomerApi(clientFor(ctx, server, ''));
  let code = opts.code?.trim();
  if (code === undefined) {
    await anon.requestCode(opts.email);
    if (ctx.stdin.isTTY !== true) {
      if (opts.json) return printJson(ctx, { sent: true, email: opts.email });
      say(ctx, `A one-time code is on its way for ${opts.email}; run this again with --code CODE`);
      return;
    }
    say(ctx, `A one-time code is on its way for ${opts.email} (your helpdesk can read it out to you)`);
    code = await askLine(ctx, 'Code: ');
    if (!/^\d{6}$/.test(code)) throw invalid('the code is the 6 digits you were given');
  }
  const session = await anon.verify(opts.email, code);
  const name = customerProfileName(ctx, opts.profile);
  await saveProfile(ctx.env, name, { server, token: session.token }, false);
  if (opts.json) return printJson(ctx, { profile: name, server, contact: session.contact });
  say(
    ctx,
    `Logged in to ${server} as ${sanitizeLine(session.contact.name)} of ${sanitizeLine(session.contact.company.name)} (profile ${name})`,
  );
}

export function makeLoginCommands(parent: Command, ctx: Context): void {
  parent
    .command('login')
    .description('Confirm your e-mail address with a one-time code and save the session')
    .option('--server <url>', 'your helpdesk server URL')
    .requiredOption('--email <email>', 'your e-mail address')
    .option('--code <code>', 'the one-time code (without it the code is sent, and asked for on a terminal)')
    .option('--profile <name>', 'save as this profile (default "customer")')
    .option('--json', 'print machine-readable JSON only')
    .action((opts: LoginOptions) => runCustomerLogin(opts, ctx));
  parent
    .command('logout')
    .description('End the customer session and forget it')
    .option('--profile <name>', 'customer profile (default "customer")')
    .action(async (opts: CustomerOptions) => {
      const name = customerProfileName(ctx, opts.profile);
      const config = await openConfig(ctx.env);
      if (!config.get('profiles')[name]) {
        ctx.stderr.write(`Profile ${name} was not logged in.\n`);
        return;
      }
      const { customer } = await openCustomerSession(ctx, opts);
      await customer.logout().catch(() => undefined);
      await removeProfile(ctx.env, name);
      say(ctx, `Logged out of profile ${name}`);
    });
}
