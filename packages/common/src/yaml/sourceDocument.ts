import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Document,
  type LineCounter,
  type Node,
  type Pair,
} from 'yaml';
import type { SourceDocument } from '../model/document';
import type { FieldPath, Position, Range } from '../model/source';

/** Maps source offsets to 0-based LSP positions (yaml's LineCounter is 1-based). */
export function positionAt(lineCounter: LineCounter, offset: number): Position {
  const { line, col } = lineCounter.linePos(offset);
  return { line: line - 1, character: col - 1 };
}

export function rangeAt(
  lineCounter: LineCounter,
  start: number,
  end: number,
): Range {
  return {
    start: positionAt(lineCounter, start),
    end: positionAt(lineCounter, Math.max(start, end)),
  };
}

function nodeRange(lineCounter: LineCounter, node: Node): Range | undefined {
  // range = [start, valueEnd, nodeEnd]; valueEnd excludes trailing comments.
  return node.range
    ? rangeAt(lineCounter, node.range[0], node.range[1])
    : undefined;
}

function keyMatches(pair: Pair, segment: string | number): boolean {
  const key = pair.key;
  const value = isScalar(key) ? key.value : key;
  return (
    value !== null && value !== undefined && String(value) === String(segment)
  );
}

interface Step {
  node?: Node;
  pair?: Pair;
}

/**
 * Follows `path` through the YAML node tree (through aliases) and returns the deepest
 * node reached and, when the last segment named a mapping key, its pair.
 */
function walk(
  doc: Document,
  path: FieldPath,
): { found: boolean; deepest: Step } {
  let node = doc.contents as Node | null;
  let deepest: Step = { node: node ?? undefined };
  for (let i = 0; i < path.length && node; i++) {
    const segment = path[i];
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (!target) return { found: false, deepest };
      node = target as Node;
    }
    if (isMap(node)) {
      const pair = node.items.find(p => isPair(p) && keyMatches(p, segment));
      if (!pair) return { found: false, deepest };
      const value = (pair.value as Node | null) ?? undefined;
      deepest = { node: value ?? (pair.key as Node), pair };
      node = value ?? null;
      if (!value && i < path.length - 1) return { found: false, deepest };
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (!item) return { found: false, deepest };
      deepest = { node: item };
      node = item;
    } else {
      return { found: false, deepest };
    }
  }
  return { found: true, deepest };
}

export interface DocumentSourceMap {
  range: Range;
  rangeOf(path: FieldPath): Range;
  keyRangeOf(path: FieldPath): Range;
}

export function sourceMapFor(
  doc: Document,
  lineCounter: LineCounter,
): DocumentSourceMap {
  const contents = doc.contents as Node | null;
  const whole =
    (contents && nodeRange(lineCounter, contents)) ??
    rangeAt(lineCounter, doc.range?.[0] ?? 0, doc.range?.[1] ?? 0);
  const rangeOf = (path: FieldPath): Range => {
    const { deepest } = walk(doc, path);
    return (deepest.node && nodeRange(lineCounter, deepest.node)) ?? whole;
  };
  const keyRangeOf = (path: FieldPath): Range => {
    const { found, deepest } = walk(doc, path);
    if (found && deepest.pair && isScalar(deepest.pair.key)) {
      return nodeRange(lineCounter, deepest.pair.key as Node) ?? rangeOf(path);
    }
    return rangeOf(path);
  };
  return { range: whole, rangeOf, keyRangeOf };
}

/** A List item as its own document: paths are relative to the item. */
export function listItemDocument(
  parent: SourceDocument,
  item: number,
  value: unknown,
  list: { kind: string; apiVersion?: string },
): SourceDocument {
  const prefix: FieldPath = ['items', item];
  return {
    uri: parent.uri,
    index: parent.index,
    listItem: item,
    listKind: list.kind,
    listApiVersion: list.apiVersion,
    value,
    range: parent.rangeOf(prefix),
    text: parent.text,
    rangeOf: path => parent.rangeOf([...prefix, ...path]),
    keyRangeOf: path =>
      path.length
        ? parent.keyRangeOf([...prefix, ...path])
        : parent.rangeOf(prefix),
  };
}
