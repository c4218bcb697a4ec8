/*
 * Calico's selector language (projectcalico.org/v3 `selector`, `namespaceSelector`,
 * `serviceAccountSelector`, rule `selector` / `notSelector`), tokenized and parsed as
 * libcalico-go's selector/tokenizer and selector/parser do (SEMANTICS §3.3):
 *
 *   expr   := and ( '||' and )*
 *   and    := op ( '&&' op )*
 *   op     := '!'* ( has(k) | all() | global() | k == s | k != s | k in {s,…} | k not in {s,…}
 *                  | k contains s | k starts with s | k ends with s | '(' expr ')' )
 *
 * Strings are single- or double-quoted with no escapes; label keys are [a-zA-Z0-9_./-]+;
 * whitespace is spaces and tabs only; an empty selector is all(). `!=`, `not in` and `!has`
 * are true for an endpoint without the label (P02); `==`, `in`, `contains`, `starts with`,
 * `ends with` need the label.
 */

/** Longest selector ytk parses (Calico itself has no limit; this bounds work per policy). */
export const MAX_CALICO_SELECTOR_LENGTH = 4096;
/** Deepest nesting of parentheses. */
export const MAX_CALICO_SELECTOR_DEPTH = 64;

export type CalicoSelector =
  | { op: 'all' }
  | { op: 'global' }
  | { op: 'has'; key: string }
  | {
      op: 'eq' | 'ne' | 'contains' | 'startsWith' | 'endsWith';
      key: string;
      value: string;
    }
  | { op: 'in' | 'notIn'; key: string; values: string[] }
  | { op: 'not'; operand: CalicoSelector }
  | { op: 'and' | 'or'; operands: CalicoSelector[] };

/** A syntax error; `column` is 1-based in the selector string. */
export class CalicoSelectorError extends Error {
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(`${message} (column ${column})`);
    this.name = 'CalicoSelectorError';
  }
}

type TokKind =
  | 'label'
  | 'string'
  | '{'
  | '}'
  | ','
  | '=='
  | '!='
  | 'in'
  | '!'
  | 'not in'
  | 'contains'
  | 'starts with'
  | 'ends with'
  | 'all'
  | 'has'
  | '('
  | ')'
  | '&&'
  | '||'
  | 'global'
  | 'eof';

interface Token {
  kind: TokKind;
  value: string;
  /** 0-based offset in the input. */
  at: number;
}

const isIdentChar = (c: string) => /[a-zA-Z0-9_./-]/.test(c);
const isSpace = (c: string | undefined) => c === ' ' || c === '\t';

/** Calico's findIdentifier: the identifier characters before the first other character. */
function identifierAt(s: string, i: number): string {
  let j = i;
  while (j < s.length && isIdentChar(s[j])) j++;
  // As upstream: an identifier running to the end of the input is not recognized.
  return j < s.length ? s.slice(i, j) : '';
}

/** After a label: `contains`, `starts with`, `ends with`, `not in` or `in` (undefined: none). */
function operatorAfterLabel(
  input: string,
  at: number,
): { kind: TokKind; next: number } | undefined {
  const words: Array<[string, string, TokKind]> = [
    ['contains', '', 'contains'],
    ['starts', 'with', 'starts with'],
    ['ends', 'with', 'ends with'],
    ['not', 'in', 'not in'],
    ['in', '', 'in'],
  ];
  for (const [first, second, kind] of words) {
    if (!input.startsWith(first, at)) continue;
    let i = at + first.length;
    if (!second) return { kind, next: i };
    while (isSpace(input[i])) i++;
    return input.startsWith(second, i)
      ? { kind, next: i + second.length }
      : undefined;
  }
  return undefined;
}

function tokenize(input: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const fail = (msg: string, at = i): never => {
    throw new CalicoSelectorError(msg, at + 1);
  };
  const skipSpace = () => {
    while (isSpace(input[i])) i++;
  };
  const push = (kind: TokKind, at: number, value = '') =>
    out.push({ kind, value, at });
  for (;;) {
    skipSpace();
    if (i >= input.length) {
      push('eof', i);
      return out;
    }
    const at = i;
    const c = input[i];
    const last = out.length ? out[out.length - 1].kind : undefined;
    if (c === '(' || c === ')' || c === '{' || c === '}' || c === ',') {
      push(c, at);
      i++;
    } else if (c === '"' || c === "'") {
      const end = input.indexOf(c, i + 1);
      if (end < 0) fail('unterminated string');
      push('string', at, input.slice(i + 1, end));
      i = end + 1;
    } else if (c === '=') {
      if (input[i + 1] !== '=') fail('expected ==');
      push('==', at);
      i += 2;
    } else if (c === '!') {
      if (input[i + 1] === '=') {
        push('!=', at);
        i += 2;
      } else {
        push('!', at);
        i++;
      }
    } else if (c === '&') {
      if (input[i + 1] !== '&') fail('expected &&');
      push('&&', at);
      i += 2;
    } else if (c === '|') {
      if (input[i + 1] !== '|') fail('expected ||');
      push('||', at);
      i += 2;
    } else if (last === 'label') {
      const op = operatorAfterLabel(input, i);
      if (!op)
        return fail(
          `unexpected characters after label '${out[out.length - 1].value}', was expecting an operator`,
          at,
        );
      push(op.kind, at);
      i = op.next;
    } else if (input.startsWith('has(', i)) {
      i += 4;
      skipSpace();
      const id = identifierAt(input, i);
      if (!id) fail('no label name in has( expression');
      i += id.length;
      skipSpace();
      if (input[i] !== ')') fail("no closing ')' after has(");
      i++;
      push('has', at, id);
    } else if (input.startsWith('all(', i) || input.startsWith('global(', i)) {
      const kind = input.startsWith('all(', i) ? 'all' : 'global';
      i += kind.length + 1;
      skipSpace();
      if (input[i] !== ')') fail(`no closing ')' after ${kind}(`);
      i++;
      push(kind, at);
    } else {
      const id = identifierAt(input, i);
      if (!id) fail('unexpected characters');
      push('label', at, id);
      i += id.length;
    }
  }
}

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly input: string,
  ) {}

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private fail(msg: string, t: Token = this.peek()): never {
    throw new CalicoSelectorError(msg, t.at + 1);
  }

  parse(): CalicoSelector {
    if (this.peek().kind === 'eof') return { op: 'all' };
    const sel = this.or(0);
    if (this.peek().kind !== 'eof')
      this.fail(
        `unexpected content at end of selector: "${this.input.slice(this.peek().at)}"`,
      );
    return sel;
  }

  private or(depth: number): CalicoSelector {
    const operands = [this.and(depth)];
    while (this.peek().kind === '||') {
      this.pos++;
      operands.push(this.and(depth));
    }
    return operands.length === 1 ? operands[0] : { op: 'or', operands };
  }

  private and(depth: number): CalicoSelector {
    const operands = [this.operation(depth)];
    while (this.peek().kind === '&&') {
      this.pos++;
      operands.push(this.operation(depth));
    }
    return operands.length === 1 ? operands[0] : { op: 'and', operands };
  }

  private operation(depth: number): CalicoSelector {
    let negated = false;
    while (this.peek().kind === '!') {
      negated = !negated;
      this.pos++;
    }
    const t = this.peek();
    let sel: CalicoSelector;
    switch (t.kind) {
      case 'has':
        sel = { op: 'has', key: t.value };
        this.pos++;
        break;
      case 'all':
      case 'global':
        sel = { op: t.kind };
        this.pos++;
        break;
      case 'label':
        sel = this.labelOperation(t);
        break;
      case '(': {
        if (depth >= MAX_CALICO_SELECTOR_DEPTH)
          this.fail(
            `parentheses nested deeper than ${MAX_CALICO_SELECTOR_DEPTH}`,
          );
        this.pos++;
        sel = this.or(depth + 1);
        if (this.peek().kind !== ')') this.fail('expected )');
        this.pos++;
        break;
      }
      case 'eof':
        return this.fail('unexpected end of string looking for op');
      default:
        return this.fail(`unexpected token "${tokenText(t)}"`);
    }
    return negated ? { op: 'not', operand: sel } : sel;
  }

  private labelOperation(label: Token): CalicoSelector {
    const op = this.tokens[this.pos + 1];
    const arg = this.tokens[this.pos + 2];
    if (op.kind === 'eof' || !arg)
      this.fail('unexpected end of string looking for op', op);
    const simple: Partial<
      Record<TokKind, 'eq' | 'ne' | 'contains' | 'startsWith' | 'endsWith'>
    > = {
      '==': 'eq',
      '!=': 'ne',
      contains: 'contains',
      'starts with': 'startsWith',
      'ends with': 'endsWith',
    };
    const s = simple[op.kind];
    if (s) {
      if (arg.kind !== 'string') this.fail('expected string', arg);
      this.pos += 3;
      return { op: s, key: label.value, value: arg.value };
    }
    if (op.kind === 'in' || op.kind === 'not in') {
      if (arg.kind !== '{') this.fail('expected set literal', arg);
      this.pos += 3;
      const values: string[] = [];
      while (this.peek().kind === 'string') {
        values.push(this.peek().value);
        this.pos++;
        if (this.peek().kind !== ',') break;
        this.pos++;
      }
      if (this.peek().kind !== '}') this.fail('expected }');
      this.pos++;
      return {
        op: op.kind === 'in' ? 'in' : 'notIn',
        key: label.value,
        values: [...new Set(values)].sort(),
      };
    }
    return this.fail(
      `expected an operator (==, !=, in, not in, contains, starts with, ends with) after label '${label.value}', not "${tokenText(op)}"`,
      op,
    );
  }
}

function tokenText(t: Token): string {
  if (t.kind === 'label') return t.value;
  if (t.kind === 'string') return `'${t.value}'`;
  if (t.kind === 'has') return `has(${t.value})`;
  if (t.kind === 'all' || t.kind === 'global') return `${t.kind}()`;
  return t.kind;
}

/** Parses a selector; throws CalicoSelectorError with the 1-based column of the problem. */
export function parseCalicoSelector(text: string): CalicoSelector {
  if (text.length > MAX_CALICO_SELECTOR_LENGTH)
    throw new CalicoSelectorError(
      `selector is longer than ${MAX_CALICO_SELECTOR_LENGTH} characters (${text.length})`,
      MAX_CALICO_SELECTOR_LENGTH + 1,
    );
  return new Parser(tokenize(text), text).parse();
}

/** The parse result or the located error, for decoders. */
export function tryParseCalicoSelector(
  text: string,
):
  | { selector: CalicoSelector; error?: undefined }
  | { selector?: undefined; error: CalicoSelectorError } {
  try {
    return { selector: parseCalicoSelector(text) };
  } catch (e) {
    if (e instanceof CalicoSelectorError) return { error: e };
    throw e;
  }
}

/** How `all()` and `global()` read (namespaceSelector rewrites them, SEMANTICS §3.2). */
export interface CalicoMatchOptions {
  /** Prepended to every label key (`pcns.` for namespace selectors, `pcsa.` for service accounts). */
  prefix?: string;
  /**
   * namespaceSelector semantics: `all()` = any namespaced endpoint, `global()` = only
   * non-namespaced ones (host endpoints, global network sets), tested through `namespaceKey`.
   */
  namespaceKey?: string;
}

/** Evaluates a selector against an endpoint's labels. */
export function matchCalicoSelector(
  sel: CalicoSelector,
  labels: Readonly<Record<string, string>>,
  opts: CalicoMatchOptions = {},
): boolean {
  const prefix = opts.prefix ?? '';
  const get = (k: string): string | undefined => {
    const key = prefix + k;
    return Object.prototype.hasOwnProperty.call(labels, key)
      ? labels[key]
      : undefined;
  };
  const ev = (s: CalicoSelector): boolean => {
    switch (s.op) {
      case 'all':
        return opts.namespaceKey === undefined || opts.namespaceKey in labels;
      case 'global':
        return (
          opts.namespaceKey === undefined || !(opts.namespaceKey in labels)
        );
      case 'has':
        return get(s.key) !== undefined;
      case 'eq':
        return get(s.key) === s.value;
      case 'ne':
        return get(s.key) !== s.value;
      case 'contains': {
        const v = get(s.key);
        return v !== undefined && v.includes(s.value);
      }
      case 'startsWith': {
        const v = get(s.key);
        return v !== undefined && v.startsWith(s.value);
      }
      case 'endsWith': {
        const v = get(s.key);
        return v !== undefined && v.endsWith(s.value);
      }
      case 'in': {
        const v = get(s.key);
        return v !== undefined && s.values.includes(v);
      }
      case 'notIn': {
        const v = get(s.key);
        return v === undefined || !s.values.includes(v);
      }
      case 'not':
        return !ev(s.operand);
      case 'and':
        return s.operands.every(ev);
      case 'or':
        return s.operands.some(ev);
      default:
        return false;
    }
  };
  return ev(sel);
}

const quote = (v: string) => (v.includes('"') ? `'${v}'` : `"${v}"`);

/** Canonical text (as Calico's String(): `&&` / `||` groups parenthesized). */
export function calicoSelectorText(s: CalicoSelector): string {
  switch (s.op) {
    case 'all':
    case 'global':
      return `${s.op}()`;
    case 'has':
      return `has(${s.key})`;
    case 'eq':
      return `${s.key} == ${quote(s.value)}`;
    case 'ne':
      return `${s.key} != ${quote(s.value)}`;
    case 'contains':
      return `${s.key} contains ${quote(s.value)}`;
    case 'startsWith':
      return `${s.key} starts with ${quote(s.value)}`;
    case 'endsWith':
      return `${s.key} ends with ${quote(s.value)}`;
    case 'in':
    case 'notIn':
      return `${s.key} ${s.op === 'in' ? 'in' : 'not in'} {${s.values.map(quote).join(', ')}}`;
    case 'not':
      return `!${calicoSelectorText(s.operand)}`;
    default:
      return `(${s.operands.map(calicoSelectorText).join(s.op === 'and' ? ' && ' : ' || ')})`;
  }
}

/** Keys a selector requires to be present (a conjunct has(k), k == v, k in {…}, …). */
function requiredKeys(s: CalicoSelector): Set<string> {
  switch (s.op) {
    case 'has':
    case 'eq':
    case 'contains':
    case 'startsWith':
    case 'endsWith':
    case 'in':
      return new Set([s.key]);
    case 'and': {
      const out = new Set<string>();
      for (const o of s.operands) for (const k of requiredKeys(o)) out.add(k);
      return out;
    }
    case 'or': {
      const [first, ...rest] = s.operands.map(requiredKeys);
      return new Set([...first].filter(k => rest.every(r => r.has(k))));
    }
    default:
      return new Set();
  }
}

/**
 * `k != v` / `k not in {…}` terms (not negated) whose key nothing in the same conjunction
 * requires: they also match endpoints without the label (SEMANTICS P02).
 */
export function absentLabelMatches(
  sel: CalicoSelector,
): Array<{ key: string; text: string }> {
  const out: Array<{ key: string; text: string }> = [];
  const walk = (s: CalicoSelector, required: Set<string>) => {
    if ((s.op === 'ne' || s.op === 'notIn') && !required.has(s.key))
      out.push({ key: s.key, text: calicoSelectorText(s) });
    else if (s.op === 'and') {
      const req = new Set([...required, ...requiredKeys(s)]);
      for (const o of s.operands) walk(o, req);
    } else if (s.op === 'or') for (const o of s.operands) walk(o, required);
    // Under `!`, `!=` means "has the label with that value": nothing to report.
  };
  walk(sel, new Set());
  return out;
}
