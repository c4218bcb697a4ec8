/*
 * Small decoder combinators. Each decoder validates one node, reports located problems and
 * returns a cleaned value (undefined when unusable), so the engine always gets typed data.
 */
import type { FieldPath } from '../model/source';
import type { DecodeContext } from './context';

export type Decoder<T> = (
  value: unknown,
  path: FieldPath,
  ctx: DecodeContext,
) => T | undefined;

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function wrongType(
  ctx: DecodeContext,
  path: FieldPath,
  expected: string,
  v: unknown,
): undefined {
  ctx.error('invalid-type', path, `expected ${expected}, got ${typeName(v)}`);
  return undefined;
}

export const str: Decoder<string> = (v, path, ctx) => {
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'string') return wrongType(ctx, path, 'string', v);
  return v;
};

export const bool: Decoder<boolean> = (v, path, ctx) => {
  if (v === null || v === undefined) return undefined;
  if (typeof v !== 'boolean') return wrongType(ctx, path, 'boolean', v);
  return v;
};

export function int(
  range: { min?: number; max?: number } = {},
): Decoder<number> {
  return (v, path, ctx) => {
    if (v === null || v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v))
      return wrongType(ctx, path, 'integer', v);
    if (
      (range.min !== undefined && v < range.min) ||
      (range.max !== undefined && v > range.max)
    ) {
      ctx.error(
        'invalid-value',
        path,
        `${v} is out of range ${range.min ?? '-∞'}–${range.max ?? '∞'}`,
      );
      return undefined;
    }
    return v;
  };
}

export const intOrString: Decoder<number | string> = (v, path, ctx) => {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  return wrongType(ctx, path, 'integer or string', v);
};

export function oneOf<T extends string>(
  values: readonly T[],
  severity: 'error' | 'warning' = 'error',
): Decoder<T> {
  return (v, path, ctx) => {
    const s = str(v, path, ctx);
    if (s === undefined) return undefined;
    if (!values.includes(s as T)) {
      ctx.report(
        'invalid-value',
        severity,
        path,
        `unsupported value "${s}"; expected one of ${values.join(', ')}`,
      );
      return severity === 'error' ? undefined : (s as T);
    }
    return s as T;
  };
}

/** A string checked by `valid`; invalid values are reported and dropped. */
export function pattern(
  valid: (s: string) => string | undefined,
): Decoder<string> {
  return (v, path, ctx) => {
    const s = str(v, path, ctx);
    if (s === undefined) return undefined;
    const why = valid(s);
    if (why) {
      ctx.error('invalid-value', path, `invalid value "${s}": ${why}`);
      return undefined;
    }
    return s;
  };
}

export function arrayOf<T>(
  item: Decoder<T>,
  opts: { maxItems?: number } = {},
): Decoder<T[]> {
  return (v, path, ctx) => {
    if (v === null || v === undefined) return undefined;
    if (!Array.isArray(v)) return wrongType(ctx, path, 'array', v);
    if (opts.maxItems !== undefined && v.length > opts.maxItems) {
      ctx.error(
        'invalid-value',
        path,
        `must have at most ${opts.maxItems} items (has ${v.length})`,
      );
    }
    const out: T[] = [];
    v.forEach((x, i) => {
      const d = item(x, [...path, i], ctx);
      if (d !== undefined) out.push(d);
    });
    return out;
  };
}

export function stringMap(
  validKey?: (k: string) => string | undefined,
  validValue?: (v: string) => string | undefined,
): Decoder<Record<string, string>> {
  return (v, path, ctx) => {
    if (v === null || v === undefined) return undefined;
    if (!isPlainObject(v)) return wrongType(ctx, path, 'map of strings', v);
    const out: Record<string, string> = {};
    for (const [k, x] of Object.entries(v)) {
      const p = [...path, k];
      const keyProblem = validKey?.(k);
      if (keyProblem)
        ctx.error(
          'invalid-value',
          p,
          `invalid key "${k}": ${keyProblem}`,
          true,
        );
      if (typeof x !== 'string') {
        wrongType(ctx, p, 'string', x);
        continue;
      }
      const valueProblem = validValue?.(x);
      if (valueProblem)
        ctx.error('invalid-value', p, `invalid value "${x}": ${valueProblem}`);
      if (!keyProblem && !valueProblem) out[k] = x;
    }
    return out;
  };
}

export type Fields = Record<string, Decoder<unknown>>;

export interface ObjectOptions {
  required?: readonly string[];
  /** Open objects keep unknown fields without reporting them (only partly modelled kinds). */
  open?: boolean;
}

export function objectOf<T>(
  fields: Fields,
  opts: ObjectOptions = {},
): Decoder<T> {
  return (v, path, ctx) => {
    if (v === null || v === undefined) return undefined;
    if (!isPlainObject(v)) return wrongType(ctx, path, 'object', v);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const decode = Object.prototype.hasOwnProperty.call(fields, k)
        ? fields[k]
        : undefined;
      if (decode) {
        const d = decode(x, [...path, k], ctx);
        if (d !== undefined) out[k] = d;
      } else if (opts.open) {
        out[k] = x;
      } else {
        ctx.error('unknown-field', [...path, k], `unknown field "${k}"`, true);
      }
    }
    for (const r of opts.required ?? []) {
      if (v[r] === undefined || v[r] === null) {
        ctx.error(
          'missing-field',
          [...path, r],
          `required field "${r}" is missing`,
        );
      }
    }
    return out as T;
  };
}

/** Runs extra checks on the raw node once the shape decoded. */
export function refine<T>(
  decode: Decoder<T>,
  check: (
    decoded: T,
    raw: Record<string, unknown>,
    path: FieldPath,
    ctx: DecodeContext,
  ) => void,
): Decoder<T> {
  return (v, path, ctx) => {
    const d = decode(v, path, ctx);
    if (d !== undefined && isPlainObject(v)) check(d, v, path, ctx);
    return d;
  };
}

/** True when a field is present in the source (present-but-empty counts). */
export function has(raw: Record<string, unknown>, key: string): boolean {
  return raw[key] !== undefined && raw[key] !== null;
}

export function nonEmpty(raw: Record<string, unknown>, key: string): boolean {
  const v = raw[key];
  return Array.isArray(v) ? v.length > 0 : v !== undefined && v !== null;
}
