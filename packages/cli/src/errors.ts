import { formatFieldPath, type DecodeProblem } from '@ytknetwork/common';

/** Exit codes: a public contract (documented in the README). */
export const EXIT_OK = 0;
export const EXIT_FOUND = 1;
export const EXIT_BAD_INPUT = 2;

/** Bad command-line usage or unreadable input; printed to stderr, exit 2. */
export class CliInputError extends Error {
  readonly name = 'CliInputError';
}

/** `file:line:col: severity field: message`, 1-based like compilers print. */
export function formatProblem(problem: DecodeProblem): string {
  const { start } = problem.range;
  const field = problem.path.length ? ` ${formatFieldPath(problem.path)}:` : '';
  return `${problem.uri}:${start.line + 1}:${start.character + 1}: ${problem.severity}${field} ${problem.message}`;
}
