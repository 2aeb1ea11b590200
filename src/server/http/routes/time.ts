/** Time tracking routes: the technician's timer, entries, and reports. */
import * as z from 'zod/mini';
import '../../../core/zod-locale.js';
import type { Store } from '../../store/store.js';
import { defineRoutes } from '../route.js';
import { idParam } from '../params.js';
import * as time from '../../services/time-tracking.js';
import {
  createTimeEntryInput,
  deletedTimeEntrySchema,
  listTimeEntriesQuery,
  startTimerInput,
  stopTimerInput,
  timeEntryPageSchema,
  timeEntrySchema,
  timeReportQuery,
  timeReportSchema,
  timerActionSchema,
  timerStatusSchema,
  updateTimeEntryInput,
} from '../../../core/time.js';

export const timeRoutes = (store: Store) =>
  defineRoutes([
    {
      method: 'GET',
      url: '/v1/time/timer',
      tag: 'time',
      summary: "The caller's timer (running or paused), or null",
      response: timerStatusSchema,
      handler: ({ actor }) => time.timerStatus(store, actor),
    },
    {
      method: 'POST',
      url: '/v1/time/timer/start',
      tag: 'time',
      summary: 'Start the timer on a ticket; a timer on another ticket is stopped first and its entry written',
      body: startTimerInput,
      response: timerActionSchema,
      handler: ({ actor, body }) => time.startTimer(store, actor, body),
    },
    {
      method: 'POST',
      url: '/v1/time/timer/pause',
      tag: 'time',
      summary: 'Pause the running timer',
      body: z.object({}),
      response: timerActionSchema,
      handler: ({ actor }) => time.pauseTimerOf(store, actor),
    },
    {
      method: 'POST',
      url: '/v1/time/timer/resume',
      tag: 'time',
      summary: 'Resume the paused timer',
      body: z.object({}),
      response: timerActionSchema,
      handler: ({ actor }) => time.resumeTimerOf(store, actor),
    },
    {
      method: 'POST',
      url: '/v1/time/timer/stop',
      tag: 'time',
      summary: 'Stop the timer and write a time entry with the accumulated duration (or discard it)',
      body: stopTimerInput,
      response: timerActionSchema,
      handler: ({ actor, body }) => time.stopTimer(store, actor, body),
    },
    {
      method: 'GET',
      url: '/v1/time/entries',
      tag: 'time',
      summary: 'List time entries (newest first) with totals of every matching entry',
      query: listTimeEntriesQuery,
      response: timeEntryPageSchema,
      handler: ({ actor, query }) => time.listEntries(store.db, actor, query),
    },
    {
      method: 'POST',
      url: '/v1/time/entries',
      tag: 'time',
      summary: 'Add a manual time entry (a repeated clientId answers with the original)',
      body: createTimeEntryInput,
      response: timeEntrySchema,
      status: 201,
      handler: ({ actor, body }) => time.createEntry(store, actor, body),
    },
    {
      method: 'GET',
      url: '/v1/time/entries/:id',
      tag: 'time',
      summary: 'Show one time entry',
      response: timeEntrySchema,
      handler: ({ actor, params }) => time.getEntry(store.db, actor, idParam(params)),
    },
    {
      method: 'PATCH',
      url: '/v1/time/entries/:id',
      tag: 'time',
      summary: 'Change a time entry (its owner or an admin)',
      body: updateTimeEntryInput,
      response: timeEntrySchema,
      handler: ({ actor, params, body }) => time.updateEntry(store, actor, idParam(params), body),
    },
    {
      method: 'DELETE',
      url: '/v1/time/entries/:id',
      tag: 'time',
      summary: 'Delete a time entry (its owner or an admin)',
      response: deletedTimeEntrySchema,
      handler: ({ actor, params }) => time.deleteEntry(store, actor, idParam(params)),
    },
    {
      method: 'GET',
      url: '/v1/time/report',
      tag: 'time',
      summary: 'Totals per ticket, technician and day; billable and not; amount = rate × hours of billable time',
      query: timeReportQuery,
      response: timeReportSchema,
      handler: ({ actor, query }) => time.timeReport(store.db, actor, query),
    },
  ]);
