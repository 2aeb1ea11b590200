/**
 * Which web origins may use the customer side besides the server's own: the `web.embed-origins`
 * setting, read when asked so an admin's change holds at once on every node. It drives the
 * `frame-ancestors` of the pages, CORS on the customer API, and which pages may open the customer
 * event stream with the session cookie.
 */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { settingValue } from '../services/settings.js';
import { embedOriginList } from '../../core/web-settings.js';

/** The origin the request was addressed to, as a browser on this server names it in `Origin`. */
export const ownOrigin = (request: FastifyRequest): string => `${request.protocol}://${request.host}`.toLowerCase();

export interface EmbedOrigins {
  /** The origins allowed to embed the pages and call the customer API from their own pages. */
  list(): Promise<string[]>;
  /** Whether the request's `Origin` is the server's own or an embedding one (false when it has none). */
  allowed(request: FastifyRequest): Promise<boolean>;
}

export function embedOrigins(db: Kysely<Database>): EmbedOrigins {
  const list = async () => embedOriginList(await settingValue(db, 'web.embed-origins'));
  return {
    list,
    async allowed(request) {
      const origin = request.headers.origin?.toLowerCase();
      if (origin === undefined) return false;
      return origin === ownOrigin(request) || (await list()).includes(origin);
    },
  };
}
