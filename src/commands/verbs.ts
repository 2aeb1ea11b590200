/**
 * A noun's verbs, each in its own module that is imported only when it runs: `desk tickets list`
 * loads the list command and what it needs, not the code of every other ticket verb.
 */
import type { Command } from 'commander';
import type { Context } from './context.js';

/** Adds one or more subcommands to a noun's command. */
export type Registrar = (parent: Command, ctx: Context) => void;

/** Imports a verb's module and hands back its registrar. Verbs of one module share one loader. */
export type VerbLoader = () => Promise<Registrar>;

/**
 * Registers the verb named first in `args` (the arguments after the noun) when the table knows it;
 * otherwise (help, a mistyped verb) every verb, so that help lists them all and commander can
 * suggest the nearest name. `--help` before the verb asks for the noun's help, so it loads every
 * verb too. Table order is help order.
 */
export async function registerVerbs(
  parent: Command,
  ctx: Context,
  verbs: Readonly<Record<string, VerbLoader>>,
  args: readonly string[],
): Promise<void> {
  const at = args.findIndex((a) => !a.startsWith('-'));
  const named = at >= 0 ? args[at] : undefined;
  const nounHelp = args.slice(0, at >= 0 ? at : args.length).some((a) => a === '--help' || a === '-h');
  const one = !nounHelp && named !== undefined && Object.hasOwn(verbs, named) ? verbs[named] : undefined;
  const loaders = one !== undefined ? [one] : [...new Set(Object.values(verbs))];
  const registrars = await Promise.all(loaders.map((load) => load()));
  for (const registrar of registrars) registrar(parent, ctx);
}
