/**
 * Client profiles: a server URL and an API token under a name, kept with conf
 * in a file only the user can read (0600, in a directory created 0700). `DESK_SERVER`, `DESK_TOKEN` and
 * `DESK_PROFILE` override; `DESK_CONFIG_DIR` relocates the file.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import type Conf from 'conf';
import envPaths from 'env-paths';
import { usageError, unauthenticated } from '../core/errors.js';

export interface Profile {
  readonly server: string;
  readonly token: string;
}

interface ConfigShape {
  current?: string;
  profiles: Record<string, Profile>;
}

export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Loads conf only when a profile is read or written (it is heavy to import). The directory that
 * holds the tokens is created 0700 (and Deskline's own default directory kept so).
 */
export async function openConfig(env: Env): Promise<Conf<ConfigShape>> {
  const dir = env.DESK_CONFIG_DIR;
  const where = dir ?? envPaths('deskline', { suffix: '' }).config;
  mkdirSync(where, { recursive: true, mode: 0o700 });
  if (!dir) chmodSync(where, 0o700);
  const { default: ConfClass } = await import('conf');
  return new ConfClass<ConfigShape>({
    projectName: 'deskline',
    projectSuffix: '',
    configName: 'config',
    configFileMode: 0o600,
    defaults: { profiles: {} },
    ...(dir ? { cwd: dir } : {}),
  });
}

export function profileName(env: Env, flag: string | undefined, config: Conf<ConfigShape>): string {
  return flag ?? env.DESK_PROFILE ?? config.get('current') ?? 'default';
}

/** Where to connect and with which token, from flags, environment and the saved profile. */
export async function resolveProfile(env: Env, flagProfile?: string): Promise<Profile & { name: string }> {
  const envServer = env.DESK_SERVER;
  const envToken = env.DESK_TOKEN;
  if (envServer && envToken) return { name: 'env', server: normaliseServer(envServer), token: envToken };
  const config = await openConfig(env);
  const name = profileName(env, flagProfile, config);
  const saved = config.get('profiles')[name];
  const server = envServer ?? saved?.server;
  const token = envToken ?? saved?.token;
  if (!server) {
    throw usageError(
      `no server configured for profile "${name}"`,
      'run `desk login --server URL --token TOKEN` or set DESK_SERVER',
    );
  }
  if (!token) throw unauthenticated(`no token for profile "${name}"`);
  return { name, server: normaliseServer(server), token };
}

export async function saveProfile(env: Env, name: string, profile: Profile, makeCurrent: boolean): Promise<string> {
  const config = await openConfig(env);
  config.set(`profiles.${name}`, { server: normaliseServer(profile.server), token: profile.token });
  if (makeCurrent) config.set('current', name);
  return config.path;
}

/** The name of the current profile, if one is set. */
export async function currentProfile(env: Env): Promise<string | undefined> {
  return (await openConfig(env)).get('current');
}

/** Makes `name` the current profile again, or none when it is undefined (`desk demo` on its way out). */
export async function restoreCurrentProfile(env: Env, name: string | undefined): Promise<void> {
  const config = await openConfig(env);
  if (name === undefined) config.delete('current');
  else config.set('current', name);
}

export async function removeProfile(env: Env, name: string): Promise<boolean> {
  const config = await openConfig(env);
  const profiles = { ...config.get('profiles') };
  if (!(name in profiles)) return false;
  delete profiles[name];
  config.set('profiles', profiles);
  if (config.get('current') === name) config.delete('current');
  return true;
}

/** Checks one server URL, or a comma-separated list of them (nodes to fail over between). */
export function normaliseServer(raw: string): string {
  const parts = raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) throw usageError('no server URL given', 'use the form http://HOST:PORT');
  return parts.map(normaliseOne).join(',');
}

function normaliseOne(raw: string): string {
  const trimmed = raw.replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw usageError(`not a server URL: ${raw}`, 'use the form http://HOST:PORT');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw usageError(`not an http(s) URL: ${raw}`);
  return trimmed;
}
