/*
 * Defensive accessors: lint runs on whatever the decoders let through (and on fuzzed input),
 * so rules read fields through these instead of trusting the static types.
 */

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function obj(v: unknown): Obj | undefined {
  return isObj(v) ? v : undefined;
}

export function arr(v: unknown): unknown[] | undefined {
  return Array.isArray(v) ? v : undefined;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function has(o: Obj | undefined, key: string): boolean {
  return (
    !!o && Object.prototype.hasOwnProperty.call(o, key) && o[key] !== undefined
  );
}

/** Port as written (number or string), normalised to a string. */
export function portText(v: unknown): string | undefined {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v;
  return undefined;
}

export function boolish(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v !== 'string') return undefined;
  const t = v.trim().toLowerCase();
  if (t === 'true') return true;
  if (t === 'false') return false;
  return undefined;
}
