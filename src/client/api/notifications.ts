/** My @mention notifications of the last seven days, and marking them read. */
import type { ApiClient } from '../http.js';

const resources = () => import('../../core/ticket-resources.js');
const answers = () => import('./answers.js');

export class NotificationsApi {
  constructor(private readonly http: ApiClient) {}

  notifications(unreadOnly = false) {
    return this.http.call(
      'GET',
      '/v1/notifications',
      async () => {
        const [a, m] = await Promise.all([answers(), resources()]);
        return a.listOf(m.notificationSchema);
      },
      { query: { unread: unreadOnly ? 'true' : undefined } },
    );
  }

  /** Marks one notification read, or every one without an id. */
  markRead(id?: number) {
    const path = id !== undefined ? `/v1/notifications/${id}/read` : '/v1/notifications/read';
    return this.http.call('POST', path, () => answers().then((m) => m.readAnswer));
  }

  /** Whether I get my notifications by mail too; `enabled` turns that on or off. */
  mailNotifications(enabled?: boolean) {
    const schema = () => import('../../core/mail.js').then((m) => m.mailNotificationsSchema);
    return enabled === undefined
      ? this.http.call('GET', '/v1/notifications/mail', schema)
      : this.http.call('PUT', '/v1/notifications/mail', schema, { body: { enabled } });
  }

  /** How many unread mentions I have, or null when the server keeps no notifications. */
  async unreadMentions(): Promise<number | null> {
    try {
      const list = await this.http.call('GET', '/v1/notifications', () => answers().then((m) => m.notificationFlags), {
        query: { unread: true },
      });
      return list.filter((n) => !n.read).length;
    } catch (err) {
      if ((err as { code?: string }).code === 'not_found') return null;
      throw err;
    }
  }
}
