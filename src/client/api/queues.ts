/** Chat queues (mode, offer timeout, members) and the wrap-up reasons a chat ends with. */
import type { ApiClient } from '../http.js';
import type { QueueMode } from '../../core/chat.js';

const chat = () => import('../../core/chat.js');
const answers = () => import('./answers.js');

export interface QueueChanges {
  readonly mode?: QueueMode | undefined;
  readonly offerTimeoutMs?: number | undefined;
}

export class QueuesApi {
  constructor(private readonly http: ApiClient) {}

  queues() {
    return this.http.call('GET', '/v1/queues', async () => {
      const [a, m] = await Promise.all([answers(), chat()]);
      return a.listOf(m.queueSchema);
    });
  }

  addQueue(name: string, changes: QueueChanges) {
    return this.http.call('POST', '/v1/queues', () => chat().then((m) => m.queueSchema), {
      body: { name, ...changes },
    });
  }

  updateQueue(id: number, changes: QueueChanges) {
    return this.http.call('PATCH', `/v1/queues/${id}`, () => chat().then((m) => m.queueSchema), { body: changes });
  }

  /** Removes a queue: its waiting chats move to the default queue, its members are told. */
  removeQueue(id: number) {
    return this.http.call('DELETE', `/v1/queues/${id}`, () => chat().then((m) => m.queueRemovedSchema));
  }

  /** Adds and removes members (technician ids). */
  changeMembers(id: number, add: readonly number[], remove: readonly number[]) {
    return this.http.call('POST', `/v1/queues/${id}/members`, () => chat().then((m) => m.queueSchema), {
      body: { add, remove },
    });
  }

  wrapups() {
    return this.http.call('GET', '/v1/wrapups', async () => {
      const [a, m] = await Promise.all([answers(), chat()]);
      return a.listOf(m.wrapupSchema);
    });
  }

  addWrapup(name: string) {
    return this.http.call('POST', '/v1/wrapups', () => chat().then((m) => m.wrapupSchema), { body: { name } });
  }

  removeWrapup(id: number) {
    return this.http.call('DELETE', `/v1/wrapups/${id}`, () => answers().then((m) => m.removedReasonAnswer));
  }
}
