import { LINT_DELAY_MS, lintDelay } from './lintDelay';

describe('lintDelay', () => {
  it('lints the first change of a document at once', () => {
    expect(lintDelay(undefined, 1_000)).toBe(0);
  });

  it('lints an edit after a quiet spell at once', () => {
    expect(lintDelay(1_000, 1_000 + LINT_DELAY_MS)).toBe(0);
    expect(lintDelay(1_000, 60_000)).toBe(0);
  });

  it('waits out a burst of edits closer together than the delay', () => {
    expect(lintDelay(1_000, 1_000)).toBe(LINT_DELAY_MS);
    expect(lintDelay(1_000, 1_000 + LINT_DELAY_MS - 1)).toBe(LINT_DELAY_MS);
  });
});
