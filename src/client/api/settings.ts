/**
 * How the account is set up: settings, SLA targets, custom statuses and fields, and the upkeep of
 * the event log.
 */
import type { ApiClient } from '../http.js';
import type { FieldKind } from '../../core/custom-fields.js';
import type { Priority, TicketStatus } from '../../core/tickets.js';

const settings = () => import('../../core/settings.js');
const resources = () => import('../../core/ticket-resources.js');
const properties = () => import('../../core/ticket-properties.js');
const answers = () => import('./answers.js');

export interface SlaTargets {
  readonly priority: Priority;
  readonly responseMs?: number | undefined;
  readonly resolutionMs?: number | undefined;
}

export interface FieldInput {
  readonly name: string;
  readonly kind: FieldKind;
  readonly choices?: readonly string[] | undefined;
}

export class SettingsApi {
  constructor(private readonly http: ApiClient) {}

  settings() {
    return this.http.call('GET', '/v1/settings', async () => {
      const [a, m] = await Promise.all([answers(), settings()]);
      return a.listOf(m.settingSchema);
    });
  }

  /** `null` returns the setting to its default. */
  setSetting(key: string, value: string | null) {
    return this.http.call('PUT', '/v1/settings', () => settings().then((m) => m.settingSchema), {
      body: { key, value },
    });
  }

  slaPolicies() {
    return this.http.call('GET', '/v1/sla/policies', async () => {
      const [a, m] = await Promise.all([answers(), resources()]);
      return a.listOf(m.slaPolicySchema);
    });
  }

  setSla(targets: SlaTargets) {
    return this.http.call('PUT', '/v1/sla/policies', () => resources().then((m) => m.slaPolicySchema), {
      body: targets,
    });
  }

  removeSla(priority: Priority) {
    return this.http.call('DELETE', `/v1/sla/policies/${priority}`, () => answers().then((m) => m.removedAnswer));
  }

  statuses() {
    return this.http.call('GET', '/v1/statuses', async () => {
      const [a, m] = await Promise.all([answers(), properties()]);
      return a.listOf(m.customStatusSchema);
    });
  }

  addStatus(name: string, mapsTo: TicketStatus) {
    return this.http.call('POST', '/v1/statuses', () => properties().then((m) => m.customStatusSchema), {
      body: { name, mapsTo },
    });
  }

  removeStatus(name: string) {
    return this.http.call('DELETE', `/v1/statuses/${encodeURIComponent(name)}`, () =>
      answers().then((m) => m.removedAnswer),
    );
  }

  fields() {
    return this.http.call('GET', '/v1/fields', async () => {
      const [a, m] = await Promise.all([answers(), resources()]);
      return a.listOf(m.customFieldSchema);
    });
  }

  addField(input: FieldInput) {
    return this.http.call('POST', '/v1/fields', () => resources().then((m) => m.customFieldSchema), {
      body: input,
    });
  }

  removeField(name: string) {
    return this.http.call('DELETE', `/v1/fields/${encodeURIComponent(name)}`, () =>
      answers().then((m) => m.removedAnswer),
    );
  }

  /** Deletes events older than this; streams asking for them then resync. */
  pruneEvents(olderThanMs: number) {
    return this.http.call('POST', '/v1/admin/events/prune', () => answers().then((m) => m.prunedAnswer), {
      body: { olderThanMs },
    });
  }
}
