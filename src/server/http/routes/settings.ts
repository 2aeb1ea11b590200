/** Account-wide settings: read by everyone, changed by an admin. */
import * as z from 'zod/mini';
import '../../../core/zod-locale.js';
import type { Store } from '../../store/store.js';
import { defineRoutes } from '../route.js';
import * as settings from '../../services/settings.js';
import { setSettingInput, settingSchema } from '../../../core/settings.js';

export const settingsRoutes = (store: Store) =>
  defineRoutes([
    {
      method: 'GET',
      url: '/v1/settings',
      auth: 'technician',
      customerData: false,
      tag: 'settings',
      summary: 'Every setting with the value in effect and its default',
      response: z.array(settingSchema),
      handler: () => settings.listSettings(store.db),
    },
    {
      method: 'PUT',
      url: '/v1/settings',
      auth: 'technician',
      customerData: false,
      tag: 'settings',
      summary: 'Set a setting (admin); value null returns it to its default',
      body: setSettingInput,
      response: settingSchema,
      handler: ({ actor, body }) => settings.setSetting(store, actor, body),
    },
  ]);
