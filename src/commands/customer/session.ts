/**
 * The customer side's connection: a server and a customer session token, saved as a profile
 * (`customer` unless `--profile` or `DESK_CUSTOMER_PROFILE` names another; it never becomes the
 * current technician profile). `DESK_SERVER` with `DESK_CUSTOMER_TOKEN` override the saved one.
 */
import { arch, platform, release } from 'node:os';
import type { Context } from '../context.js';
import { CustomerApi } from '../../client/api/customer.js';
import { normaliseServer, openConfig } from '../../client/profiles.js';
import { clientFor } from '../session.js';
import { unauthenticated } from '../../core/errors.js';

declare const DESK_VERSION: string;
export const CLIENT_VERSION = typeof DESK_VERSION === 'string' ? DESK_VERSION : '0.0.0-dev';

export interface CustomerOptions {
  profile?: string;
  json?: boolean;
}

export interface CustomerSession {
  readonly customer: CustomerApi;
  readonly server: string;
  readonly token: string;
}

export function customerProfileName(ctx: Context, flag: string | undefined): string {
  return flag ?? ctx.env.DESK_CUSTOMER_PROFILE ?? 'customer';
}

export async function openCustomerSession(ctx: Context, opts: CustomerOptions): Promise<CustomerSession> {
  const envToken = ctx.env.DESK_CUSTOMER_TOKEN;
  if (envToken && ctx.env.DESK_SERVER) {
    const server = normaliseServer(ctx.env.DESK_SERVER);
    return { customer: new CustomerApi(clientFor(ctx, server, envToken)), server, token: envToken };
  }
  const name = customerProfileName(ctx, opts.profile);
  const config = await openConfig(ctx.env);
  const saved = config.get('profiles')[name];
  if (!saved?.server || !saved.token) {
    throw unauthenticated(
      `not logged in as a customer (profile "${name}"): run \`desk customer login --server URL --email EMAIL\``,
    );
  }
  return {
    customer: new CustomerApi(clientFor(ctx, saved.server, saved.token)),
    server: saved.server,
    token: saved.token,
  };
}

/** What the customer client tells the server about itself (the server adds the IP). */
export function origin() {
  return {
    os: `${platform()} ${release()} ${arch()}`.slice(0, 100),
    device: 'desktop',
    client: 'desk-cli',
    clientVersion: CLIENT_VERSION,
  };
}
