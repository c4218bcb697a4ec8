import type { DecodeProblem, EnforcerKind } from '@ytknetwork/common';
import { CliInputError, formatProblem } from '../errors';
import type { LoadOptions } from '../load';

export const ENFORCERS = ['kubernetes', 'cilium'] as const;

export const INPUT_OPTIONS = {
  'clusters-from-dirs': { type: 'boolean' },
  cluster: { type: 'string' },
  enforcer: { type: 'string', choices: ENFORCERS },
  help: { type: 'boolean' },
} as const;

export function loadOptionsFrom(values: Record<string, unknown>): LoadOptions {
  return {
    clustersFromDirs: values['clusters-from-dirs'] === true,
    cluster: values.cluster as string | undefined,
    enforcer: values.enforcer as EnforcerKind | undefined,
  };
}

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/**
 * Decode problems: errors make the input unusable for evaluation (the API server would
 * have rejected the object), so they stop the command with exit 2; the rest are warnings.
 */
export function reportProblems(io: Io, problems: DecodeProblem[]): void {
  for (const p of problems)
    if (p.severity !== 'info') io.err(`${formatProblem(p)}\n`);
  const errors = problems.filter(p => p.severity === 'error');
  if (errors.length)
    throw new CliInputError(
      `${errors.length} input error${errors.length > 1 ? 's' : ''}; nothing evaluated`,
    );
}
