/** Availability for chats: mine, the team's, and a technician's most concurrent chats. */
import type { ApiClient } from '../http.js';

const chat = () => import('../../core/chat.js');
const answers = () => import('./answers.js');

export type SettableState = 'available' | 'away' | 'offline';

export class AvailabilityApi {
  constructor(private readonly http: ApiClient) {}

  status() {
    return this.http.call('GET', '/v1/status', () => chat().then((m) => m.presenceSchema));
  }

  /** Sets my state; `reason` goes with away. */
  setStatus(state: SettableState, reason?: string) {
    return this.http.call('PUT', '/v1/status', () => chat().then((m) => m.presenceSchema), {
      body: { state, ...(reason !== undefined ? { reason } : {}) },
    });
  }

  team() {
    return this.http.call('GET', '/v1/status/team', async () => {
      const [a, m] = await Promise.all([answers(), chat()]);
      return a.listOf(m.presenceSchema);
    });
  }

  /** `null` lifts the limit. */
  setMaxChats(technicianId: number, maxChats: number | null) {
    return this.http.call(
      'PUT',
      `/v1/technicians/${technicianId}/max-chats`,
      () => chat().then((m) => m.presenceSchema),
      { body: { maxChats } },
    );
  }
}
