/** The time routes: the technician's one timer, time entries and reports. */
import type { ApiClient, Query } from '../http.js';
import type { CreateTimeEntryInput, StopTimerInput, UpdateTimeEntryInput } from '../../core/time-schemas.js';

const time = () => import('../../core/time-schemas.js');

export class TimeApi {
  constructor(private readonly http: ApiClient) {}

  timer() {
    return this.http.call('GET', '/v1/time/timer', () => time().then((m) => m.timerStatusSchema));
  }

  /** Starts the timer on a ticket; a timer running on another ticket is stopped first. */
  start(ticketId: number, force = false) {
    return this.http.call('POST', '/v1/time/timer/start', () => time().then((m) => m.timerActionSchema), {
      body: { ticketId, force },
    });
  }

  pause() {
    return this.http.call('POST', '/v1/time/timer/pause', () => time().then((m) => m.timerActionSchema), {
      body: {},
    });
  }

  resume() {
    return this.http.call('POST', '/v1/time/timer/resume', () => time().then((m) => m.timerActionSchema), {
      body: {},
    });
  }

  stop(input: StopTimerInput = {}) {
    return this.http.call('POST', '/v1/time/timer/stop', () => time().then((m) => m.timerActionSchema), {
      body: input,
    });
  }

  addEntry(input: CreateTimeEntryInput) {
    return this.http.call('POST', '/v1/time/entries', () => time().then((m) => m.timeEntrySchema), { body: input });
  }

  /** A page of entries, newest first, with the totals of everything the filters match. */
  entries(query: Query) {
    return this.http.call('GET', '/v1/time/entries', () => time().then((m) => m.timeEntryPageSchema), { query });
  }

  editEntry(id: number, input: UpdateTimeEntryInput) {
    return this.http.call('PATCH', `/v1/time/entries/${id}`, () => time().then((m) => m.timeEntrySchema), {
      body: input,
    });
  }

  removeEntry(id: number) {
    return this.http.call('DELETE', `/v1/time/entries/${id}`, () => time().then((m) => m.deletedTimeEntrySchema));
  }

  /** Totals per ticket, technician and day (days counted in the query's `tz`). */
  report(query: Query) {
    return this.http.call('GET', '/v1/time/report', () => time().then((m) => m.timeReportSchema), { query });
  }
}
