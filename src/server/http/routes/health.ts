/**
 * Health checks for load balancers and orchestrators, public: `/healthz` answers
 * while the process runs, `/readyz` only when the database answers and every
 * migration is applied.
 */
import * as z from 'zod/mini';
import type { Store } from '../../store/store.js';
import { defineRoutes } from '../route.js';

const healthSchema = z.object({ ok: z.boolean(), node: z.nullable(z.string()) });
const readySchema = z.object({
  ok: z.boolean(),
  node: z.nullable(z.string()),
  database: z.boolean(),
  migrations: z.boolean(),
});

export const healthRoutes = (store: Store, nodeName: string | undefined) =>
  defineRoutes([
    {
      method: 'GET',
      url: '/healthz',
      auth: 'public',
      tag: 'health',
      summary: 'Answers while the process runs, with the node name',
      response: healthSchema,
      handler: async () => ({ ok: true, node: nodeName ?? null }),
    },
    {
      method: 'GET',
      url: '/readyz',
      auth: 'public',
      tag: 'health',
      summary: 'Answers 200 when the database answers and every migration is applied, else 503',
      response: readySchema,
      handler: async ({ reply }) => {
        const state = await store.ready();
        const ok = state.database && state.migrations;
        reply.status(ok ? 200 : 503);
        return { ok, node: nodeName ?? null, ...state };
      },
    },
  ]);
