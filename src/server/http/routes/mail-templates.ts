/** The templates of the mail Deskline sends (admin): list, show, change and reset one kind's. */
import * as z from 'zod/mini';
import '../../../core/zod-locale.js';
import type { Store } from '../../store/store.js';
import { defineRoutes } from '../route.js';
import {
  listMailTemplates,
  resetMailTemplate,
  setMailTemplate,
  showMailTemplate,
} from '../../services/mail/mail-templates.js';
import { mailTemplateInput, mailTemplateSchema } from '../../../core/mail-templates.js';

export const mailTemplateRoutes = (store: Store) =>
  defineRoutes([
    {
      method: 'GET',
      url: '/v1/admin/mail/templates',
      auth: 'technician',
      customerData: false,
      tag: 'mail',
      summary: 'Every kind of mail with its template in effect and its placeholders (admin)',
      response: z.array(mailTemplateSchema),
      handler: ({ actor }) => listMailTemplates(store, actor),
    },
    {
      method: 'GET',
      url: '/v1/admin/mail/templates/:kind',
      auth: 'technician',
      customerData: false,
      tag: 'mail',
      summary: 'One kind of mail’s template in effect (admin)',
      response: mailTemplateSchema,
      handler: ({ actor, params }) => showMailTemplate(store, actor, params.kind ?? ''),
    },
    {
      method: 'PUT',
      url: '/v1/admin/mail/templates/:kind',
      auth: 'technician',
      customerData: false,
      tag: 'mail',
      summary: 'Change the subject, text or HTML of a kind of mail (admin); unknown placeholders are refused',
      body: mailTemplateInput,
      response: mailTemplateSchema,
      handler: ({ actor, params, body }) => setMailTemplate(store, actor, params.kind ?? '', body),
    },
    {
      method: 'DELETE',
      url: '/v1/admin/mail/templates/:kind',
      auth: 'technician',
      customerData: false,
      tag: 'mail',
      summary: 'Put a kind of mail back to its shipped template (admin)',
      response: mailTemplateSchema,
      handler: ({ actor, params }) => resetMailTemplate(store, actor, params.kind ?? ''),
    },
  ]);
