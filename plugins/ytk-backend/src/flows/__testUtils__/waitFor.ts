/**
 * Polls `probe` until `done(value)` holds, and fails with the last value seen after `timeoutMs`
 * (a safety net for a hung test, not a timing assertion).
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (done(last)) return last;
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}; last seen: ${JSON.stringify(last, null, 1)?.slice(0, 2000)}`,
      );
    await new Promise(r => setTimeout(r, 20));
  }
}
