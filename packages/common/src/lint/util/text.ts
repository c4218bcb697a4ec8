import {
  ZERO_RANGE,
  type FieldPath,
  type Position,
  type Range,
  type TextEdit,
} from '../../model';
import type { AnyResource } from '../types';

export function uriOf(r: AnyResource): string {
  return r.document?.uri ?? r.source?.uri ?? '';
}

export function rangeOf(r: AnyResource, path: FieldPath, atKey = false): Range {
  const doc = r.document;
  if (doc) {
    try {
      return atKey ? doc.keyRangeOf(path) : doc.rangeOf(path);
    } catch {
      return doc.range;
    }
  }
  return r.source?.range ?? ZERO_RANGE;
}

// Every document of a multi-document file shares its text: split it once, not once per fix.
let cachedText: string | undefined;
let cachedLines: string[] = [];

function lines(text: string): string[] {
  if (text !== cachedText) {
    cachedLines = text.split(/\r?\n/);
    cachedText = text;
  }
  return cachedLines;
}

export function lineText(r: AnyResource, line: number): string {
  return lines(r.document?.text ?? '')[line] ?? '';
}

/** Indentation (spaces) of the line a position is on. */
export function indentAt(r: AnyResource, pos: Position): number {
  return /^ */.exec(lineText(r, pos.line))![0].length;
}

export function replaceAt(
  r: AnyResource,
  path: FieldPath,
  newText: string,
): TextEdit {
  return { range: rangeOf(r, path), newText };
}

export function insertAt(pos: Position, newText: string): TextEdit {
  return { range: { start: pos, end: pos }, newText };
}

/** Re-indents a block of YAML lines: the first line stays, the rest get `indent` spaces more. */
export function indentBlock(yaml: string, indent: number): string {
  const pad = ' '.repeat(indent);
  return yaml
    .split('\n')
    .map((l, i) => (i === 0 || l === '' ? l : pad + l))
    .join('\n');
}

/**
 * An edit that inserts a new block-sequence item before the item at `itemPath`, when that item
 * is written in block style (`- ` before it). Returns undefined for flow style: no safe edit.
 */
export function insertSequenceItemBefore(
  r: AnyResource,
  itemPath: FieldPath,
  itemYaml: string,
): TextEdit | undefined {
  if (!r.document) return undefined;
  const start = rangeOf(r, itemPath).start;
  const line = lineText(r, start.line);
  if (
    start.character < 2 ||
    line.slice(start.character - 2, start.character) !== '- '
  ) {
    return undefined;
  }
  const dashCol = start.character - 2;
  const body = indentBlock(itemYaml.replace(/\n$/, ''), start.character);
  return insertAt(start, `${body}\n${' '.repeat(dashCol)}- `);
}

/**
 * An edit adding `key: value` to the mapping at `mapPath` before its first entry, in block or
 * flow style. Undefined when the mapping has no entry to anchor on.
 */
export function insertMapEntry(
  r: AnyResource,
  mapPath: FieldPath,
  firstKey: string,
  entry: string,
): TextEdit | undefined {
  if (!r.document) return undefined;
  const keyStart = rangeOf(r, [...mapPath, firstKey], true).start;
  const line = lineText(r, keyStart.line);
  const before = line.slice(0, keyStart.character);
  if (/^\s*(- )?$/.test(before)) {
    return insertAt(keyStart, `${entry}\n${' '.repeat(keyStart.character)}`);
  }
  if (/[{,]\s*$/.test(before)) return insertAt(keyStart, `${entry}, `);
  return undefined;
}
