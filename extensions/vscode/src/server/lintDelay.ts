/** The wait within a burst of edits: short enough to feel live, long enough to skip keystrokes. */
export const LINT_DELAY_MS = 150;

/**
 * How long to wait before linting an edit made at `now`, given when the document last changed
 * (opened or edited). A leading-edge debounce: an edit after a quiet spell — a paste, a quick
 * fix, the first keystroke after reading — is linted at once; edits closer together than
 * LINT_DELAY_MS wait until the burst pauses, so typing does not lint every keystroke.
 */
export function lintDelay(
  previousChangeAt: number | undefined,
  now: number,
): number {
  if (previousChangeAt === undefined) return 0;
  return now - previousChangeAt >= LINT_DELAY_MS ? 0 : LINT_DELAY_MS;
}
