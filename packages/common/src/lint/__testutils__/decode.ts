/*
 * Test input: YAML text → decoded resources. Uses the resources/ decoder once it exports
 * `decodeText`; until then wraps the yaml/ parser's documents as-is (no schema checks).
 */
import * as resources from '../../resources';
import { parseYamlDocuments } from '../../yaml';
import type { DecodeResult, TextEdit } from '../../model';
import type { AnyResource } from '../types';

type DecodeText = (text: string, uri: string) => DecodeResult;

export function decode(
  text: string,
  uri = 'file:///test.yaml',
): {
  resources: AnyResource[];
  problems: DecodeResult['problems'];
} {
  const decodeText = (resources as unknown as { decodeText?: DecodeText })
    .decodeText;
  if (typeof decodeText === 'function') return decodeText(text, uri);
  const parsed = parseYamlDocuments(text, { uri });
  return {
    resources: parsed.documents
      .filter(d => typeof d.value === 'object' && d.value !== null)
      .map(document => ({ object: document.value as never, document })),
    problems: parsed.problems,
  };
}

/** Applies non-overlapping edits to text (LSP positions, 0-based). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++)
    if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }) =>
    (lineStarts[p.line] ?? text.length) + p.character;
  const sorted = [...edits].sort(
    (a, b) => offset(b.range.start) - offset(a.range.start),
  );
  let out = text;
  for (const e of sorted) {
    out =
      out.slice(0, offset(e.range.start)) +
      e.newText +
      out.slice(offset(e.range.end));
  }
  return out;
}
