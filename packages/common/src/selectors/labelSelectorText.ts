import type { LabelSelector, LabelSelectorRequirement } from '../model';

/** A label selector string that does not parse; `term` is the 1-based term it failed at. */
export class LabelSelectorSyntaxError extends Error {
  constructor(
    message: string,
    readonly term: number,
  ) {
    super(message);
    this.name = 'LabelSelectorSyntaxError';
  }
}

// Qualified label key (optional DNS prefix) and label value, as the API server validates them.
const KEY = String.raw`(?:[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?`;
const VALUE = String.raw`(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?`;
const EQUALITY = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`);
const SET = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^()]*)\\)$`);
const EXISTS = new RegExp(`^(!?)\\s*(${KEY})$`);
const VALUE_ONLY = new RegExp(`^${VALUE}$`);

/** Splits on commas outside `in (a,b)` parentheses. */
function terms(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/**
 * Parses the label selector syntax of `kubectl -l` and the API's `labelSelector` parameter
 * (`k=v`, `k==v`, `k!=v`, `k`, `!k`, `k in (a,b)`, `k notin (a,b)`, comma = AND) into a
 * LabelSelector. `k!=v` becomes `NotIn [v]`, which — as in Kubernetes — also matches objects
 * without the label. The empty string is the empty selector (matches everything).
 */
export function parseLabelSelectorText(text: string): LabelSelector {
  const matchLabels: Record<string, string> = {};
  const matchExpressions: LabelSelectorRequirement[] = [];
  if (text.trim() === '') return {};
  terms(text).forEach((term, i) => {
    const at = i + 1;
    if (term === '') throw new LabelSelectorSyntaxError(`empty term ${at}`, at);
    let m = EQUALITY.exec(term);
    if (m) {
      const [, key, op, value] = m;
      if (op === '!=')
        matchExpressions.push({ key, operator: 'NotIn', values: [value] });
      else if (key in matchLabels && matchLabels[key] !== value)
        // Two different values for one key can never match: say so instead of matching nothing.
        throw new LabelSelectorSyntaxError(
          `term ${at} asks '${key}' to equal both '${matchLabels[key]}' and '${value}'`,
          at,
        );
      else matchLabels[key] = value;
      return;
    }
    m = SET.exec(term);
    if (m) {
      const values = m[3].split(',').map(v => v.trim());
      const bad = values.find(v => v === '' || !VALUE_ONLY.test(v));
      if (bad !== undefined)
        throw new LabelSelectorSyntaxError(
          `term ${at} ('${term}'): invalid value '${bad}' in the set`,
          at,
        );
      matchExpressions.push({
        key: m[1],
        operator: m[2] === 'in' ? 'In' : 'NotIn',
        values,
      });
      return;
    }
    m = EXISTS.exec(term);
    if (m) {
      matchExpressions.push({
        key: m[2],
        operator: m[1] ? 'DoesNotExist' : 'Exists',
      });
      return;
    }
    throw new LabelSelectorSyntaxError(
      `term ${at} ('${term}') is not 'key=value', 'key!=value', 'key', '!key', 'key in (…)' or 'key notin (…)'`,
      at,
    );
  });
  return {
    ...(Object.keys(matchLabels).length ? { matchLabels } : {}),
    ...(matchExpressions.length ? { matchExpressions } : {}),
  };
}
