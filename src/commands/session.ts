/**
 * What most commands share: the `--json`, `--profile` and `--no-mask` options,
 * the API client for the chosen profile, and masking of customer data in
 * everything printed.
 */
import type { Command } from 'commander';
import type { Context } from './context.js';
import { ApiClient } from '../client/http.js';
import { resolveProfile, type Profile } from '../client/profiles.js';
import { PeopleApi } from '../client/api/people.js';
import { forbidden, invalid } from '../core/errors.js';
import { maskText } from '../core/masking.js';

export interface CommonOptions {
  json?: boolean;
  profile?: string;
  mask?: boolean;
}

/** Adds the options every API command takes. */
export function withCommon(cmd: Command): Command {
  return cmd
    .option('--json', 'print machine-readable JSON only')
    .option('--profile <name>', 'use this saved profile (default: DESK_PROFILE or the current one)')
    .option('--no-mask', 'show customer data unmasked (only if the server allows it for you)');
}

/** An API client for a server (or `URL1,URL2`) and token, over the context's transport. */
export function clientFor(ctx: Context, server: string, token: string): ApiClient {
  return new ApiClient(server, token, { transport: ctx.transport });
}

export interface Session {
  readonly client: ApiClient;
  /** The profile the client talks to. */
  readonly profile: Profile & { name: string };
  /** Masks customer text unless the technician may and asked to see it clear. */
  readonly mask: (text: string) => string;
}

/** The client of the chosen profile; with `--no-mask`, only if the server allows it for me. */
export async function openSession(ctx: Context, opts: CommonOptions): Promise<Session> {
  const profile = await resolveProfile(ctx.env, opts.profile);
  const client = clientFor(ctx, profile.server, profile.token);
  if (opts.mask === false) {
    const me = await new PeopleApi(client).me();
    if (!me.technician.canUnmask) {
      throw forbidden('the server does not allow you to see customer data unmasked (--no-mask)');
    }
    return { client, profile, mask: (t) => t };
  }
  return { client, profile, mask: maskText };
}

/** Parses a positive integer id given on the command line, or fails with exit 5. */
export function parseId(raw: string, what: string): number {
  if (!/^\d+$/.test(raw.trim()) || Number(raw) <= 0 || !Number.isSafeInteger(Number(raw))) {
    throw invalid(`${what} must be a positive integer, got "${raw}"`);
  }
  return Number(raw);
}

export { collect } from './repeatable.js';
