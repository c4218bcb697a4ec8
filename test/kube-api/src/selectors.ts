/** A parsed selector: a predicate over an object, or an error message. */
export type Matcher = (obj: KubeObject) => boolean;

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    resourceVersion?: string;
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

export class SelectorError extends Error {}

// Split on commas that are not inside `in (a,b)` parentheses.
function splitTerms(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map(t => t.trim()).filter(t => t.length > 0);
}

/** Kubernetes label selector syntax: `k=v`, `k==v`, `k!=v`, `k`, `!k`, `k in (a,b)`, `k notin (a,b)`. */
export function parseLabelSelector(selector: string | undefined): Matcher {
  if (!selector) return () => true;
  const tests = splitTerms(selector).map(term => {
    let m = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(term);
    if (m) {
      const [, k, op, v] = m;
      return (l: Record<string, string>) =>
        op === '!=' ? l[k] !== v : l[k] === v;
    }
    m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
    if (m) {
      const [, k, op, list] = m;
      const values = list.split(',').map(v => v.trim());
      return (l: Record<string, string>) =>
        op === 'in'
          ? k in l && values.includes(l[k])
          : !(k in l && values.includes(l[k]));
    }
    m = /^(!?)([\w./-]+)$/.exec(term);
    if (m) {
      const [, not, k] = m;
      return (l: Record<string, string>) => (not ? !(k in l) : k in l);
    }
    throw new SelectorError(`unable to parse requirement: ${term}`);
  });
  return obj => {
    const labels = obj.metadata?.labels ?? {};
    return tests.every(t => t(labels));
  };
}

function fieldValue(obj: KubeObject, path: string): string | undefined {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur === undefined || cur === null ? undefined : String(cur);
}

/**
 * Field selector: `path=v`, `path==v`, `path!=v`. Real servers accept only a
 * few paths per kind (metadata.name, metadata.namespace, …); this one looks
 * any dotted path up, which is a superset.
 */
export function parseFieldSelector(selector: string | undefined): Matcher {
  if (!selector) return () => true;
  const tests = splitTerms(selector).map(term => {
    const m = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!m) throw new SelectorError(`invalid field selector: ${term}`);
    const [, path, op, v] = m;
    return (obj: KubeObject) => {
      const actual = fieldValue(obj, path) ?? '';
      return op === '!=' ? actual !== v : actual === v;
    };
  });
  return obj => tests.every(t => t(obj));
}
