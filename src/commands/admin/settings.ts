/** `desk admin settings list|get|set|unset`: account-wide settings such as time.default-duration. */
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { openSession, withCommon, type CommonOptions } from '../session.js';
import { SettingsApi } from '../../client/api/settings.js';
import { SETTINGS, SETTING_KEYS, isSettingKey, type Setting } from '../../core/settings.js';
import { invalid } from '../../core/errors.js';
import { printTable, say } from '../output.js';
import { printJson } from '../json.js';

function checkKey(key: string): void {
  if (!isSettingKey(key)) throw invalid(`unknown setting "${key}" (known: ${SETTING_KEYS.join(', ')})`);
}

function shown(s: Setting): string {
  return s.value ?? 'none';
}

export function registerSettings(admin: Command, ctx: Context): void {
  const settings = admin
    .command('settings')
    .description(`Show and change account settings (${SETTING_KEYS.join(', ')})`);
  withCommon(settings.command('list').description('Every setting, its value and its default')).action(
    async (opts: CommonOptions) => {
      const { client } = await openSession(ctx, opts);
      const list = await new SettingsApi(client).settings();
      if (opts.json) return printJson(ctx, list);
      printTable(
        ctx,
        [{ header: 'KEY' }, { header: 'VALUE' }, { header: 'DEFAULT' }, { header: 'MEANING', max: 70 }],
        list.map((s) => [s.key, shown(s), s.defaultValue ?? 'none', s.description]),
      );
    },
  );
  withCommon(settings.command('get').description('The value of one setting').argument('<key>')).action(
    async (key: string, opts: CommonOptions) => {
      checkKey(key);
      const { client } = await openSession(ctx, opts);
      const list = await new SettingsApi(client).settings();
      const setting = list.find((s) => s.key === key);
      if (!setting) throw invalid(`the server does not know the setting "${key}"`);
      if (opts.json) return printJson(ctx, setting);
      ctx.stdout.write(`${shown(setting)}\n`);
    },
  );
  withCommon(
    settings
      .command('set')
      .description('Change a setting (admin), e.g. `desk admin settings set time.default-duration 15m`')
      .argument('<key>')
      .argument('<value>'),
  ).action(async (key: string, value: string, opts: CommonOptions) => {
    checkKey(key);
    if (isSettingKey(key)) SETTINGS[key].parse(value);
    const { client } = await openSession(ctx, opts);
    const setting = await new SettingsApi(client).setSetting(key, value);
    if (opts.json) return printJson(ctx, setting);
    say(ctx, `Set ${setting.key} to ${shown(setting)}`);
  });
  withCommon(settings.command('unset').description('Return a setting to its default (admin)').argument('<key>')).action(
    async (key: string, opts: CommonOptions) => {
      checkKey(key);
      const { client } = await openSession(ctx, opts);
      const setting = await new SettingsApi(client).setSetting(key, null);
      if (opts.json) return printJson(ctx, setting);
      say(ctx, `${setting.key} is back to its default (${shown(setting)})`);
    },
  );
}
