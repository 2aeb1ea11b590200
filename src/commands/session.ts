/**
 * What most commands share: the `--json`, `--profile` and `--no-mask` options,
 * the API client for the chosen profile, and masking of customer data in
 * everything printed.
 */
import type { Command } from 'commander';
import type { Context } from './context.js';
import { ApiClient } from '../client/http.js';
import { resolveProfile } from '../client/profiles.js';
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

export interface Session {
  readonly client: ApiClient;
  /** Masks customer text unless the technician may and asked to see it clear. */
  readonly mask: (text: string) => string;
}

export async function openSession(ctx: Context, opts: CommonOptions): Promise<Session> {
  const profile = await resolveProfile(ctx.env, opts.profile);
  const client = new ApiClient(profile.server, profile.token);
  if (opts.mask === false) {
    const me = await client.call('GET', '/v1/me', () => import('../core/schemas.js').then((m) => m.meSchema));
    if (!me.technician.canUnmask) {
      throw forbidden('the server does not allow you to see customer data unmasked (--no-mask)');
    }
    return { client, mask: (t) => t };
  }
  return { client, mask: maskText };
}

/** Parses a positive integer id given on the command line, or fails with exit 5. */
export function parseId(raw: string, what: string): number {
  if (!/^\d+$/.test(raw.trim()) || Number(raw) <= 0 || !Number.isSafeInteger(Number(raw))) {
    throw invalid(`${what} must be a positive integer, got "${raw}"`);
  }
  return Number(raw);
}

/** Collects a repeatable option into an array. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
