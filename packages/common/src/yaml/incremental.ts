/*
 * Incremental re-parse for editors: after an edit inside one block-sequence item of a
 * single-document file (one rule of a large policy), only that item's lines are parsed again and
 * its node is spliced into the previous YAML tree; every other node keeps its parse, with its
 * offsets moved by the edit's length. The result is what `parseYamlDocuments` returns for the new
 * text; whenever that cannot be guaranteed cheaply (several documents, any problem, anchors or
 * aliases, tabs, CR, an edit that changes the item's extent…) the whole text is parsed instead.
 * incremental.test.ts checks the equivalence against full parses over many random edits.
 */
import {
  isAlias,
  isCollection,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Document,
  type Node,
  type YAMLSeq,
} from 'yaml';
import type { SourceDocument } from '../model/document';
import { resolveLimits, type YamlLimits } from './limits';
import {
  findDeepNode,
  isListObject,
  parseWithAst,
  type ParsedAst,
  type ParseYamlResult,
} from './parse';
import {
  documentStartOffsets,
  findExcessiveNesting,
  utf8Length,
} from './prescan';
import { sourceMapFor } from './sourceDocument';

/** A parse result plus what the next incremental parse of the same file reuses. */
export interface IncrementalYaml {
  readonly text: string;
  readonly uri: string;
  readonly result: ParseYamlResult;
  /** Whether the last parse was incremental (for tests and traces). */
  readonly reused: boolean;
  /** @internal the single document's tree when it can be spliced, else undefined. */
  readonly tree?: { doc: Document; lineCounter: LineCounter };
}

type Offsets = [number, number, number];

/**
 * Parses `text`, reusing `previous` (the parse of the same file before an edit) where that is
 * safe. `previous` is consumed: its YAML tree is updated in place, so its `result` must not be
 * used for positions afterwards.
 */
export function parseYamlIncremental(
  text: string,
  uri: string,
  previous?: IncrementalYaml,
): IncrementalYaml {
  const limits = resolveLimits(undefined);
  if (previous?.tree && previous.uri === uri) {
    const spliced = trySplice(previous, text, limits);
    if (spliced) return spliced;
  }
  return fromFull(text, uri, parseWithAst(String(text ?? ''), uri, limits));
}

function fromFull(text: string, uri: string, p: ParsedAst): IncrementalYaml {
  const doc = p.docs[0];
  const eligible =
    p.problems.length === 0 &&
    p.docs.length === 1 &&
    p.documents.length === 1 &&
    !isListObject(p.documents[0].value) &&
    !!doc?.contents &&
    isCollection(doc.contents) &&
    !hasAnchors(doc.contents as Node);
  return {
    text,
    uri,
    result: { documents: p.documents, problems: p.problems },
    reused: false,
    tree: eligible ? { doc, lineCounter: p.lineCounter } : undefined,
  };
}

function hasAnchors(root: Node): boolean {
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (isAlias(node) || (node as { anchor?: string }).anchor) return true;
    if (!isCollection(node)) continue;
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        const key = item.key as Node | null;
        if (key && typeof key === 'object') stack.push(key);
        // `<<` merges copy another mapping's entries: not a local edit.
        if ((key as { value?: unknown } | null)?.value === '<<') return true;
        if (item.value) stack.push(item.value as Node);
      } else if (item) stack.push(item as Node);
    }
  }
  return false;
}

/** Is the last non-blank line of text[from, to) a comment line? */
function endsWithComment(text: string, from: number, to: number): boolean {
  const lines = text.slice(from, to).split('\n');
  for (let i = lines.length - 1; i > 0; i--) {
    const t = lines[i].trim();
    if (t) return t.startsWith('#');
  }
  return false;
}

function isEmptyScalar(n: unknown): boolean {
  return isScalar(n) && n.value === null;
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/**
 * End of the block-sequence item whose `- ` sits at column `indent` on the line starting at
 * `start`: the start of the first later line that holds content at column <= indent.
 */
function itemEnd(text: string, start: number, indent: number): number {
  let line = text.indexOf('\n', start);
  while (line >= 0) {
    const from = line + 1;
    let i = from;
    while (text[i] === ' ') i++;
    const ch = text[i];
    if (i - from <= indent && ch !== undefined && ch !== '\n' && ch !== '#')
      return from;
    line = text.indexOf('\n', from);
  }
  return text.length;
}

interface Candidate {
  seq: YAMLSeq;
  index: number;
  node: Node;
  start: number;
  end: number;
  indent: number;
}

/** The innermost block-sequence item whose lines contain the old span [from, to). */
function innermostItem(
  doc: Document,
  text: string,
  from: number,
  to: number,
): Candidate | undefined {
  let best: Candidate | undefined;
  const stack: Node[] = [doc.contents as Node];
  while (stack.length) {
    const node = stack.pop()!;
    if (!isCollection(node) || !node.range) continue;
    if (from < node.range[0] || from > node.range[2] + 1) continue;
    if (isSeq(node) && !node.flow) {
      for (let index = 0; index < node.items.length; index++) {
        const n = node.items[index] as Node | null;
        if (!n?.range || from < n.range[0]) continue;
        const next = node.items[index + 1] as Node | null | undefined;
        if (next?.range && next.range[0] <= from) continue;
        const start = lineStartOf(text, n.range[0]);
        const lead = text.slice(start, n.range[0]);
        if (!/^ *- +$/.test(lead)) continue;
        const indent = lead.indexOf('-');
        const end = itemEnd(text, start, indent);
        if (to > end) continue;
        if (!best || end - start < best.end - best.start)
          best = { seq: node, index, node: n, start, end, indent };
      }
    }
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        if (item.value && isCollection(item.value)) stack.push(item.value);
      } else if (item && isCollection(item)) stack.push(item as Node);
    }
  }
  return best;
}

function visit(root: Node, fn: (n: Node) => void): void {
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    fn(node);
    if (!isCollection(node)) continue;
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        if (item.key && typeof item.key === 'object')
          stack.push(item.key as Node);
        if (item.value) stack.push(item.value as Node);
      } else if (item) stack.push(item as Node);
    }
  }
}

function lineTable(text: string): LineCounter {
  const lc = new LineCounter();
  lc.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1))
    lc.addNewLine(i + 1);
  return lc;
}

function trySplice(
  previous: IncrementalYaml,
  text: string,
  limits: YamlLimits,
): IncrementalYaml | undefined {
  const old = previous.text;
  const { doc } = previous.tree!;
  // The file-level checks parseYamlDocuments makes before parsing.
  if (
    text.length > limits.maxBytes ||
    utf8Length(text, limits.maxBytes) > limits.maxBytes ||
    text.includes('\r') ||
    documentStartOffsets(text).length > 1 ||
    findExcessiveNesting(text, limits.maxDepth * 2)
  )
    return undefined;
  // The edit as one span: common prefix and suffix.
  const max = Math.min(old.length, text.length);
  let p = 0;
  while (p < max && old.charCodeAt(p) === text.charCodeAt(p)) p++;
  let s = 0;
  while (
    s < max - p &&
    old.charCodeAt(old.length - 1 - s) === text.charCodeAt(text.length - 1 - s)
  )
    s++;
  const delta = text.length - old.length;
  const item = innermostItem(doc, old, p, old.length - s);
  if (!item) return undefined;
  const newEnd = itemEnd(text, item.start, item.indent);
  if (newEnd !== item.end + delta || text.length - s < item.start)
    return undefined;
  // The item's lines, then what follows them up to the next token: a node followed by comment
  // lines ends where the next token starts. A next item (`-` at the same column) is kept as an
  // empty second item so the snippet ends the way the whole text does.
  let lead = newEnd;
  while (text[lead] === ' ') lead++;
  const sibling =
    lead - newEnd === item.indent &&
    text[lead] === '-' &&
    /[ \n]/.test(text[lead + 1] ?? '\n');
  // Before a dedent, where trailing comment lines end a node depends on the enclosing nodes.
  if (!sibling && endsWithComment(text, item.start, newEnd)) return undefined;
  const snippet = text.slice(item.start, lead) + (sibling ? '-' : '');
  if (snippet.includes('\t')) return undefined;
  const parsed = parseAllDocuments(snippet, {
    merge: true,
    prettyErrors: false,
  });
  if (!Array.isArray(parsed) || parsed.length !== 1) return undefined;
  const part = parsed[0];
  const seq = part.contents as Node | null;
  if (
    part.errors.length ||
    part.warnings.length ||
    !seq ||
    !isSeq(seq) ||
    seq.flow ||
    seq.items.length !== (sibling ? 2 : 1) ||
    (sibling && seq.items[1] !== null && !isEmptyScalar(seq.items[1])) ||
    !isCollection(seq.items[0]) ||
    hasAnchors(seq)
  )
    return undefined;
  const fresh = seq.items[0] as Node;
  const oldEnds = item.node.range!;
  visit(fresh, n => {
    if (n.range) n.range = n.range.map(o => o + item.start) as Offsets;
  });
  const newEnds = fresh.range!;
  // Every other node: before the edit unchanged, after the item shifted, and ends that were the
  // item's end become the new item's end (a collection ends where its last item ends).
  let unknownOffset = false;
  const move = (o: number): number => {
    if (o === oldEnds[2]) return newEnds[2];
    if (o === oldEnds[1]) return newEnds[1];
    if (o <= p) return o;
    if (o >= item.end) return o + delta;
    unknownOffset = true;
    return o;
  };
  const shift = (n: Node) => {
    if (n === item.node || !n.range) return;
    n.range = n.range.map(move) as Offsets;
  };
  // Shift first (the old item's subtree is skipped), then swap the item in.
  const skip = new Set<Node>();
  visit(item.node, n => skip.add(n));
  visit(doc.contents as Node, n => {
    if (!skip.has(n)) shift(n);
  });
  if (doc.range) doc.range = doc.range.map(move) as Offsets;
  item.seq.items[item.index] = fresh;
  if (unknownOffset) return undefined; // tree is now inconsistent: caller re-parses fully

  const contents = doc.contents as Node;
  const lineCounter = lineTable(text);
  if (findDeepNode(contents, limits.maxDepth)) return undefined;
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch {
    return undefined;
  }
  if (value === null || value === undefined || isListObject(value))
    return undefined;
  const document: SourceDocument = {
    uri: previous.uri,
    index: 0,
    value,
    text,
    ...sourceMapFor(doc, lineCounter),
  };
  return {
    text,
    uri: previous.uri,
    result: { documents: [document], problems: [] },
    reused: true,
    tree: { doc, lineCounter },
  };
}
