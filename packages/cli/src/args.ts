import { parseArgs } from 'node:util';
import { CliInputError } from './errors';

export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  choices?: readonly string[];
}

/** parseArgs with the errors turned into located usage errors (exit 2) and choices checked. */
export function parseCommandArgs<T extends Record<string, OptionSpec>>(
  command: string,
  argv: string[],
  options: T,
): {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
} {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: Object.fromEntries(
        Object.entries(options).map(([k, v]) => [
          k,
          v.multiple ? { type: v.type, multiple: true } : { type: v.type },
        ]),
      ),
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new CliInputError(`ytk ${command}: ${(e as Error).message}`);
  }
  for (const [name, spec] of Object.entries(options)) {
    const value = parsed.values[name];
    if (
      spec.choices &&
      typeof value === 'string' &&
      !spec.choices.includes(value)
    ) {
      throw new CliInputError(
        `ytk ${command}: --${name} must be one of ${spec.choices.join(', ')} (got "${value}")`,
      );
    }
  }
  return {
    values: parsed.values as Record<
      string,
      string | boolean | string[] | undefined
    >,
    positionals: parsed.positionals,
  };
}
