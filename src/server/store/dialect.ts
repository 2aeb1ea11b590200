/** Which database a store runs on, and how to reach it. */
export type Dialect = 'sqlite' | 'postgres';

export type StoreConfig =
  | { readonly dialect: 'sqlite'; readonly path: string }
  | { readonly dialect: 'postgres'; readonly url: string; readonly schema?: string };

/** Describes a store config for logs without secrets (no password). */
export function describeStore(config: StoreConfig): string {
  if (config.dialect === 'sqlite') return `sqlite ${config.path}`;
  const u = new URL(config.url);
  u.password = '';
  const schema = config.schema ? ` schema ${config.schema}` : '';
  return `postgres ${u.host}${u.pathname}${schema}`;
}
