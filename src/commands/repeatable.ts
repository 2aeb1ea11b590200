/**
 * Options given more than once. A repeatable option collects its values with {@link collect}; every
 * other option that takes a value is single-value, and giving it twice (`--to-technician 3
 * --to-technician 1`) is refused with exit 2 instead of keeping the last one silently.
 */
import type { Command, Option } from 'commander';

/** Collects a repeatable option into an array. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function isSingleValue(option: Option): boolean {
  return (option.required || option.optional) && !option.variadic && option.parseArg !== collect;
}

/** Makes `cmd` refuse a single-value option given twice (a usage error: exit 2). */
export function refuseRepeatedOptions(cmd: Command): void {
  for (const option of cmd.options.filter(isSingleValue)) {
    let given = 0;
    cmd.on(`option:${option.name()}`, () => {
      given++;
      if (given > 1) cmd.error(`error: option '${option.flags}' given more than once`, { code: 'desk.repeatedOption' });
    });
  }
}
