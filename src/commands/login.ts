/** `desk login`, `desk logout`, `desk whoami`. */
import type { Command } from 'commander';
import type { Context } from './context.js';
import { normaliseServer, openConfig, profileName, removeProfile, saveProfile } from '../client/profiles.js';
import { PeopleApi } from '../client/api/people.js';
import { usageError } from '../core/errors.js';
import { inertData, say } from './output.js';
import { printJson } from './json.js';
import { clientFor, openSession, withCommon, type CommonOptions } from './session.js';

interface LoginOptions {
  server?: string;
  token?: string;
  profile?: string;
  json?: boolean;
}

export async function runLogin(opts: LoginOptions, ctx: Context): Promise<void> {
  const server = opts.server ?? ctx.env.DESK_SERVER;
  const token = opts.token ?? ctx.env.DESK_TOKEN;
  if (!server) throw usageError('no server given', 'add --server URL (for example --server http://127.0.0.1:7420)');
  if (!token)
    throw usageError('no token given', 'add --token TOKEN (an admin prints it with `desk admin technicians add`)');
  const client = clientFor(ctx, normaliseServer(server), token);
  const me = await new PeopleApi(client).me();
  const config = await openConfig(ctx.env);
  const name = opts.profile ?? ctx.env.DESK_PROFILE ?? config.get('current') ?? 'default';
  await saveProfile(ctx.env, name, { server, token }, true);
  if (opts.json) printJson(ctx, { profile: name, server: client.server, technician: me.technician });
  else say(ctx, `Logged in to ${client.server} as ${me.technician.name} (profile ${name})`);
}

export function register(program: Command, ctx: Context): void {
  program
    .command('login')
    .description('Check a server URL and API token, and save them as a profile')
    .option('--server <url>', 'server URL, e.g. http://127.0.0.1:7420')
    .option('--token <token>', 'your API token')
    .option('--profile <name>', 'profile name (default: the current one, or "default")')
    .option('--json', 'print machine-readable JSON only')
    .action((opts: LoginOptions) => runLogin(opts, ctx));

  program
    .command('logout')
    .description('Forget the server and token of a profile')
    .option('--profile <name>', 'profile to forget (default: the current one)')
    .action(async (opts: { profile?: string }) => {
      const name = profileName(ctx.env, opts.profile, await openConfig(ctx.env));
      if (await removeProfile(ctx.env, name)) say(ctx, `Logged out of profile ${name}`);
      else ctx.stderr.write(`Profile ${name} was not logged in.\n`);
    });

  withCommon(program.command('whoami').description('Show the technician behind the current token')).action(
    async (opts: CommonOptions) => {
      const { client } = await openSession(ctx, { ...opts, mask: true });
      const me = await new PeopleApi(client).me();
      if (opts.json) return printJson(ctx, { ...me, server: client.server });
      const { technician: t, account } = inertData(me);
      ctx.stdout.write(
        `${t.name} <${t.email}>${t.admin ? ' (admin)' : ''}\naccount: ${account.name}\nserver: ${client.server}\ntoken: ${me.tokenPrefix}…\n`,
      );
    },
  );
}
