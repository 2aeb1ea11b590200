/**
 * `GET/PUT /v1/test/clock`: read and move the server's manual clock. Present
 * only when the server runs with `--test-clock`; tests use it to make timers
 * fire without sleeping.
 */
import * as z from 'zod/mini';
import '../../../core/zod-locale.js';
import { ManualClock, type ServerClock } from '../../clock.js';
import type { DeadlineSweeper } from '../../deadlines/sweeper.js';
import { defineRoutes, type RouteDef } from '../route.js';
import { forbidden, invalid } from '../../../core/errors.js';

const clockSchema = z.object({ now: z.string() });
const moveInput = z.union([
  z.object({ now: z.iso.datetime() }),
  z.object({ advanceMs: z.number().check(z.int(), z.nonnegative()) }),
]);

export function testClockRoutes(clock: ServerClock, sweeper: DeadlineSweeper): RouteDef[] {
  if (!(clock instanceof ManualClock)) return [];
  return defineRoutes([
    {
      method: 'GET',
      url: '/v1/test/clock',
      auth: 'technician',
      customerData: false,
      tag: 'test',
      summary: 'The manual clock (servers started with --test-clock only)',
      response: clockSchema,
      handler: async () => ({ now: new Date(clock.now()).toISOString() }),
    },
    {
      method: 'PUT',
      url: '/v1/test/clock',
      auth: 'technician',
      customerData: false,
      tag: 'test',
      summary: 'Set or advance the manual clock; due deadlines fire before the answer (admin)',
      body: moveInput,
      response: clockSchema,
      handler: async ({ actor, body }) => {
        if (!actor.admin) throw forbidden('only an admin can move the clock');
        const input = moveInput.parse(body);
        if ('now' in input) {
          const ms = Date.parse(input.now);
          if (ms < clock.now()) throw invalid('the clock only moves forward', 'now');
          clock.set(ms);
        } else clock.advance(input.advanceMs);
        await sweeper.sweep();
        return { now: new Date(clock.now()).toISOString() };
      },
    },
  ]);
}
