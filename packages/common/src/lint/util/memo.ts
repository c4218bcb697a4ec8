/*
 * Per-lint-run memo. Many rules derive the same views (Cilium rules, NP rules, the scope, indexes)
 * from the same resources array; computing them once per run turns per-rule rescans and
 * rule-by-rule quadratic lookups into one pass. The cache lives only while `withLintMemo` runs,
 * so arrays a caller mutates between runs never see stale results.
 */

let current: WeakMap<object, Map<string, unknown>> | undefined;

/** Runs `fn` with a fresh memo (nested calls share the outer one). */
export function withLintMemo<T>(fn: () => T): T {
  if (current) return fn();
  current = new WeakMap();
  try {
    return fn();
  } finally {
    current = undefined;
  }
}

/** `compute()` once per (`owner` object, `name`) within a lint run; uncached outside one. */
export function memo<T>(owner: object, name: string, compute: () => T): T {
  if (!current) return compute();
  let byName = current.get(owner);
  if (!byName) {
    byName = new Map();
    current.set(owner, byName);
  }
  if (byName.has(name)) return byName.get(name) as T;
  const value = compute();
  byName.set(name, value);
  return value;
}
