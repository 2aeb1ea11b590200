/** Which database a store runs on, and how to reach it. */
export type Dialect = 'sqlite' | 'postgres';

export type StoreConfig =
  | { readonly dialect: 'sqlite'; readonly path: string }
  | { readonly dialect: 'postgres'; readonly url: string; readonly schema?: string };
