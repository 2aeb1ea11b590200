import * as z from 'zod/mini';
import '../../../core/zod-locale.js';
import type { Store } from '../../store/store.js';
import type { EventHub } from '../../events/hub.js';
import { defineRoutes } from '../route.js';
import { idParam } from '../params.js';
import * as people from '../../services/people.js';
import { revokeGrant } from '../../services/grants.js';
import { forbidden } from '../../../core/errors.js';
import {
  companySchema,
  contactSchema,
  createdTechnicianSchema,
  meSchema,
  technicianSchema,
} from '../../../core/schemas.js';
import { createCompanyInput, createContactInput, createTechnicianInput, grantInput } from '../../../core/inputs.js';

const pruneInput = z.object({ olderThanMs: z.number().check(z.int(), z.nonnegative()) });

export const peopleRoutes = (store: Store, hub: EventHub) =>
  defineRoutes([
    {
      method: 'GET',
      url: '/v1/me',
      auth: 'technician',
      customerData: false,
      tag: 'people',
      summary: 'The technician behind the token',
      response: meSchema,
      handler: ({ actor }) => people.me(store.db, actor),
    },
    {
      method: 'GET',
      url: '/v1/technicians',
      auth: 'technician',
      customerData: false,
      tag: 'people',
      summary: 'Technicians with their open-ticket count',
      response: z.array(technicianSchema),
      handler: () => people.listTechnicians(store.db),
    },
    {
      method: 'POST',
      url: '/v1/technicians',
      auth: 'technician',
      customerData: false,
      tag: 'people',
      summary: 'Add a technician (admin); answers with their API token, shown once',
      body: createTechnicianInput,
      response: createdTechnicianSchema,
      status: 201,
      handler: ({ actor, body }) => people.createTechnician(store, actor, body),
    },
    {
      method: 'POST',
      url: '/v1/technicians/:id/revoke',
      auth: 'technician',
      customerData: false,
      tag: 'people',
      summary: 'Revoke every API token of a technician (admin)',
      response: z.object({ revoked: z.number() }),
      handler: ({ actor, params }) => people.revokeTechnician(store, actor, idParam(params)),
    },
    {
      method: 'POST',
      url: '/v1/technicians/:id/tokens',
      auth: 'technician',
      customerData: false,
      tag: 'people',
      summary: 'Issue a new API token for a technician (admin)',
      response: z.object({ token: z.string() }),
      status: 201,
      handler: ({ actor, params }) => people.issueTechnicianToken(store, actor, idParam(params)),
    },
    {
      method: 'GET',
      url: '/v1/companies',
      auth: 'technician',
      tag: 'people',
      summary: 'Companies granted to the technician (all for an admin)',
      response: z.array(companySchema),
      handler: ({ actor }) => people.listCompanies(store.db, actor),
    },
    {
      method: 'POST',
      url: '/v1/companies',
      auth: 'technician',
      tag: 'people',
      summary: 'Add a company (admin)',
      body: createCompanyInput,
      response: companySchema,
      status: 201,
      handler: ({ actor, body }) => people.createCompany(store, actor, body),
    },
    {
      method: 'GET',
      url: '/v1/contacts',
      auth: 'technician',
      tag: 'people',
      summary: 'Contacts of visible companies',
      query: z.object({ company: z.optional(z.coerce.number().check(z.int(), z.positive())) }),
      response: z.array(contactSchema),
      handler: ({ actor, query }) =>
        people.listContacts(store.db, actor, query.company === undefined ? undefined : Number(query.company)),
    },
    {
      method: 'POST',
      url: '/v1/contacts',
      auth: 'technician',
      tag: 'people',
      summary: 'Add a contact to a company (admin)',
      body: createContactInput,
      response: contactSchema,
      status: 201,
      handler: ({ actor, body }) => people.createContact(store, actor, body),
    },
    {
      method: 'POST',
      url: '/v1/grants',
      auth: 'technician',
      tag: 'people',
      summary: 'Grant a technician access to a company (admin)',
      body: grantInput,
      response: z.object({ technicianId: z.number(), companyId: z.number(), created: z.boolean() }),
      status: 201,
      handler: ({ actor, body }) => people.grantCompany(store, actor, body),
    },
    {
      method: 'DELETE',
      url: '/v1/technicians/:id/grants/:companyId',
      auth: 'technician',
      tag: 'people',
      summary: 'Take a company from a technician (admin); their open event streams stop carrying its events',
      response: z.object({ technicianId: z.number(), companyId: z.number(), revoked: z.boolean() }),
      handler: ({ actor, params }) => revokeGrant(store, actor, idParam(params), idParam(params, 'companyId')),
    },
    {
      method: 'POST',
      url: '/v1/admin/events/prune',
      auth: 'technician',
      tag: 'events',
      summary: 'Delete events older than the given age from the event log (admin)',
      body: pruneInput,
      response: z.object({ deleted: z.number() }),
      handler: async ({ actor, body }) => {
        if (!actor.admin) throw forbidden('only an admin can do this');
        const { olderThanMs } = pruneInput.parse(body);
        return { deleted: await hub.prune(store.now() - olderThanMs) };
      },
    },
  ]);
