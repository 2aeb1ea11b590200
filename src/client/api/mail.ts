/** E-mail administration: the SMTP transport, a test mail and the outbox. */
import type { ApiClient } from '../http.js';

const mail = () => import('../../core/mail.js');
const answers = () => import('./answers.js');
const inbound = () => import('../../core/inbound-mail.js');
const templates = () => import('../../core/mail-templates.js');

export class MailApi {
  constructor(private readonly http: ApiClient) {}

  show() {
    return this.http.call('GET', '/v1/admin/mail', () => mail().then((m) => m.mailTransportSchema));
  }

  set(smtpUrl: string, from: string) {
    return this.http.call('PUT', '/v1/admin/mail', () => mail().then((m) => m.mailTransportSchema), {
      body: { smtpUrl, from },
    });
  }

  unset() {
    return this.http.call('DELETE', '/v1/admin/mail', () => mail().then((m) => m.mailTransportSchema));
  }

  test(to: string) {
    return this.http.call('POST', '/v1/admin/mail/test', () => mail().then((m) => m.mailTestAnswer), {
      body: { to },
    });
  }

  queue(query: { status?: string | undefined; limit?: number | undefined }) {
    return this.http.call(
      'GET',
      '/v1/admin/mail/queue',
      async () => {
        const [a, m] = await Promise.all([answers(), mail()]);
        return a.listOf(m.mailQueueItemSchema);
      },
      { query },
    );
  }

  templates() {
    return this.http.call('GET', '/v1/admin/mail/templates', async () => {
      const [a, m] = await Promise.all([answers(), templates()]);
      return a.listOf(m.mailTemplateSchema);
    });
  }

  template(kind: string) {
    return this.http.call('GET', `/v1/admin/mail/templates/${encodeURIComponent(kind)}`, () =>
      templates().then((m) => m.mailTemplateSchema),
    );
  }

  setTemplate(kind: string, body: { subject?: string; text?: string; html?: string }) {
    return this.http.call(
      'PUT',
      `/v1/admin/mail/templates/${encodeURIComponent(kind)}`,
      () => templates().then((m) => m.mailTemplateSchema),
      { body },
    );
  }

  resetTemplate(kind: string) {
    return this.http.call('DELETE', `/v1/admin/mail/templates/${encodeURIComponent(kind)}`, () =>
      templates().then((m) => m.mailTemplateSchema),
    );
  }

  mailboxes() {
    return this.http.call('GET', '/v1/admin/mailboxes', async () => {
      const [a, m] = await Promise.all([answers(), inbound()]);
      return a.listOf(m.mailboxSchema);
    });
  }

  addMailbox(imapUrl: string, companyId: number | undefined) {
    return this.http.call('POST', '/v1/admin/mailboxes', () => inbound().then((m) => m.mailboxSchema), {
      body: { imapUrl, ...(companyId === undefined ? {} : { companyId }) },
    });
  }

  removeMailbox(id: number) {
    return this.http.call('DELETE', `/v1/admin/mailboxes/${id}`, () => answers().then((m) => m.removedAnswer));
  }

  testMailbox(id: number) {
    return this.http.call('POST', `/v1/admin/mailboxes/${id}/test`, () => inbound().then((m) => m.mailboxTestAnswer));
  }
}
