/**
 * Who is who: me, technicians (and their tokens), companies, contacts and the grants that let a
 * technician work a company.
 */
import type { ApiClient } from '../http.js';
import type { CreateTechnicianInput } from '../../core/inputs.js';

const core = () => import('../../core/schemas.js');
const customerChat = () => import('../../core/customer-chat.js');
const answers = () => import('./answers.js');

export interface ContactInput {
  readonly companyId: number;
  readonly name: string;
  readonly email: string;
  readonly phone?: string | undefined;
}

export class PeopleApi {
  constructor(private readonly http: ApiClient) {}

  /** The technician behind the token, their account and the token's prefix. */
  me() {
    return this.http.call('GET', '/v1/me', () => core().then((m) => m.meSchema));
  }

  /** Every technician with their open-ticket workload. */
  technicians() {
    return this.http.call('GET', '/v1/technicians', async () => {
      const [a, m] = await Promise.all([answers(), core()]);
      return a.listOf(m.technicianSchema);
    });
  }

  /** Adds a technician; the answer holds their API token, shown once. */
  addTechnician(input: CreateTechnicianInput) {
    return this.http.call('POST', '/v1/technicians', () => core().then((m) => m.createdTechnicianSchema), {
      body: input,
    });
  }

  revokeTokens(technicianId: number) {
    return this.http.call('POST', `/v1/technicians/${technicianId}/revoke`, () =>
      answers().then((m) => m.revokedTokensAnswer),
    );
  }

  issueToken(technicianId: number) {
    return this.http.call('POST', `/v1/technicians/${technicianId}/tokens`, () => answers().then((m) => m.tokenAnswer));
  }

  companies() {
    return this.http.call('GET', '/v1/companies', async () => {
      const [a, m] = await Promise.all([answers(), core()]);
      return a.listOf(m.companySchema);
    });
  }

  addCompany(name: string) {
    return this.http.call('POST', '/v1/companies', () => core().then((m) => m.companySchema), { body: { name } });
  }

  contacts(companyId?: number) {
    return this.http.call(
      'GET',
      '/v1/contacts',
      async () => {
        const [a, m] = await Promise.all([answers(), core()]);
        return a.listOf(m.contactSchema);
      },
      { query: { company: companyId } },
    );
  }

  addContact(input: ContactInput) {
    return this.http.call('POST', '/v1/contacts', () => core().then((m) => m.contactSchema), { body: input });
  }

  /** The one-time code waiting for a contact's e-mail address. */
  contactCode(email: string) {
    return this.http.call('GET', '/v1/admin/contacts/code', () => customerChat().then((m) => m.codeSchema), {
      query: { email },
    });
  }

  grant(technicianId: number, companyId: number) {
    return this.http.call('POST', '/v1/grants', () => answers().then((m) => m.grantAnswer), {
      body: { technicianId, companyId },
    });
  }

  /** Takes a company from a technician. */
  ungrant(technicianId: number, companyId: number) {
    return this.http.call('DELETE', `/v1/technicians/${technicianId}/grants/${companyId}`, () =>
      answers().then((m) => m.grantRevokedAnswer),
    );
  }
}
