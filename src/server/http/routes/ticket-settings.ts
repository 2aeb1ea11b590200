/**
 * Routes of ticket settings and the technician's own notifications: SLA
 * policies, custom statuses and fields (admin), reply templates.
 */
import * as z from 'zod/mini';
import '../../../core/zod-locale.js';
import type { Store } from '../../store/store.js';
import { defineRoutes } from '../route.js';
import { idParam } from '../params.js';
import * as sla from '../../services/tickets/sla-policies.js';
import * as statuses from '../../services/tickets/statuses.js';
import * as fields from '../../services/tickets/fields.js';
import * as templates from '../../services/tickets/templates.js';
import * as notifications from '../../services/tickets/notifications.js';
import { mailNotificationsOf, setMailNotifications } from '../../services/mail/technician-mail.js';
import { mailNotificationsSchema } from '../../../core/mail.js';
import { customStatusSchema } from '../../../core/ticket-properties.js';
import {
  customFieldInput,
  customFieldSchema,
  customStatusInput,
  notificationQuery,
  notificationSchema,
  slaPolicyInput,
  slaPolicySchema,
  templateInput,
  templateSchema,
} from '../../../core/ticket-resources.js';

const removed = z.object({ removed: z.literal(true) });
/** The `:name` parameter, already URL-decoded by the router (decoding it again breaks names with `%`). */
const name = (params: Record<string, string>) => params.name ?? '';

export const ticketSettingsRoutes = (store: Store) =>
  defineRoutes([
    {
      method: 'GET',
      url: '/v1/sla/policies',
      auth: 'technician',
      customerData: false,
      tag: 'sla',
      summary: 'SLA targets per priority',
      response: z.array(slaPolicySchema),
      handler: () => sla.listSlaPolicies(store.db),
    },
    {
      method: 'PUT',
      url: '/v1/sla/policies',
      auth: 'technician',
      customerData: false,
      tag: 'sla',
      summary: 'Set the SLA targets of a priority (admin); 24×7 clocks',
      body: slaPolicyInput,
      response: slaPolicySchema,
      handler: ({ actor, body }) => sla.setSlaPolicy(store, actor, body),
    },
    {
      method: 'DELETE',
      url: '/v1/sla/policies/:name',
      auth: 'technician',
      customerData: false,
      tag: 'sla',
      summary: 'Remove the SLA targets of a priority (admin)',
      response: removed,
      handler: ({ actor, params }) => sla.removeSlaPolicy(store, actor, name(params)),
    },
    {
      method: 'GET',
      url: '/v1/statuses',
      auth: 'technician',
      customerData: false,
      tag: 'statuses',
      summary: 'Custom statuses and the status each maps to',
      response: z.array(customStatusSchema),
      handler: () => statuses.listCustomStatuses(store.db),
    },
    {
      method: 'POST',
      url: '/v1/statuses',
      auth: 'technician',
      customerData: false,
      tag: 'statuses',
      summary: 'Define a custom status mapped to open, pending, resolved or closed (admin)',
      body: customStatusInput,
      response: customStatusSchema,
      status: 201,
      handler: ({ actor, body }) => statuses.addCustomStatus(store, actor, body),
    },
    {
      method: 'DELETE',
      url: '/v1/statuses/:name',
      auth: 'technician',
      customerData: false,
      tag: 'statuses',
      summary: 'Remove a custom status no ticket is in (admin)',
      response: removed,
      handler: ({ actor, params }) => statuses.removeCustomStatus(store, actor, name(params)),
    },
    {
      method: 'GET',
      url: '/v1/fields',
      auth: 'technician',
      customerData: false,
      tag: 'fields',
      summary: 'Custom ticket fields',
      response: z.array(customFieldSchema),
      handler: () => fields.listCustomFields(store.db),
    },
    {
      method: 'POST',
      url: '/v1/fields',
      auth: 'technician',
      customerData: false,
      tag: 'fields',
      summary: 'Define a custom ticket field: text, number, date or choice (admin)',
      body: customFieldInput,
      response: customFieldSchema,
      status: 201,
      handler: ({ actor, body }) => fields.addCustomField(store, actor, body),
    },
    {
      method: 'DELETE',
      url: '/v1/fields/:name',
      auth: 'technician',
      customerData: false,
      tag: 'fields',
      summary: 'Remove a custom field and its values (admin)',
      response: removed,
      handler: ({ actor, params }) => fields.removeCustomField(store, actor, name(params)),
    },
    {
      method: 'GET',
      url: '/v1/templates',
      auth: 'technician',
      customerData: false,
      tag: 'templates',
      summary: 'Reply templates',
      response: z.array(templateSchema),
      handler: () => templates.listTemplates(store.db),
    },
    {
      method: 'POST',
      url: '/v1/templates',
      auth: 'technician',
      customerData: false,
      tag: 'templates',
      summary: 'Add a reply template ({{requester.name}}-style fields)',
      body: templateInput,
      response: templateSchema,
      status: 201,
      handler: ({ actor, body }) => templates.addTemplate(store, actor, body),
    },
    {
      method: 'DELETE',
      url: '/v1/templates/:name',
      auth: 'technician',
      customerData: false,
      tag: 'templates',
      summary: 'Remove a reply template (its author or an admin)',
      response: removed,
      handler: ({ actor, params }) => templates.removeTemplate(store, actor, name(params)),
    },
    {
      method: 'GET',
      url: '/v1/notifications',
      auth: 'technician',
      tag: 'notifications',
      summary: 'Your notifications of the last 7 days, newest first',
      query: notificationQuery,
      response: z.array(notificationSchema),
      handler: ({ actor, query }) => notifications.listNotifications(store, actor, query),
    },
    {
      method: 'GET',
      url: '/v1/notifications/mail',
      auth: 'technician',
      tag: 'notifications',
      summary: 'Whether you get your notifications (mentions, assignments, customer replies) by mail too',
      response: mailNotificationsSchema,
      handler: ({ actor }) => mailNotificationsOf(store, actor),
    },
    {
      method: 'PUT',
      url: '/v1/notifications/mail',
      auth: 'technician',
      tag: 'notifications',
      summary: 'Turn your notification mails on or off',
      body: mailNotificationsSchema,
      response: mailNotificationsSchema,
      handler: ({ actor, body }) => setMailNotifications(store, actor, body),
    },
    {
      method: 'POST',
      url: '/v1/notifications/read',
      auth: 'technician',
      tag: 'notifications',
      summary: 'Mark all your notifications read',
      response: z.object({ read: z.number() }),
      handler: ({ actor }) => notifications.markRead(store, actor, undefined),
    },
    {
      method: 'POST',
      url: '/v1/notifications/:id/read',
      auth: 'technician',
      tag: 'notifications',
      summary: 'Mark one notification read',
      response: z.object({ read: z.number() }),
      handler: ({ actor, params }) => notifications.markRead(store, actor, idParam(params)),
    },
  ]);
