/** Reply templates (canned responses) and the @mention notifications of the last seven days. */
import type { ApiClient } from '../http.js';

const resources = () => import('../../core/ticket-resources.js');
const answers = () => import('./answers.js');

export class TemplatesApi {
  constructor(private readonly http: ApiClient) {}

  templates() {
    return this.http.call('GET', '/v1/templates', async () => {
      const [a, m] = await Promise.all([answers(), resources()]);
      return a.listOf(m.templateSchema);
    });
  }

  addTemplate(name: string, body: string) {
    return this.http.call('POST', '/v1/templates', () => resources().then((m) => m.templateSchema), {
      body: { name, body },
    });
  }

  removeTemplate(name: string) {
    return this.http.call('DELETE', `/v1/templates/${encodeURIComponent(name)}`, () =>
      answers().then((m) => m.removedAnswer),
    );
  }
}
