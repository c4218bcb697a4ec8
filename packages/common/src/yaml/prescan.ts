/*
 * Cheap scans run before the yaml parser. The parser recurses per nesting level and
 * allocates per document, so size, depth and document count must be bounded before it runs.
 */

/** UTF-8 byte length without allocating (stops counting once over `cap`). */
export function utf8Length(text: string, cap = Infinity): number {
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= cap; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** Offset of the start of each line that opens a new document (`---`), in order. */
export function documentStartOffsets(text: string): number[] {
  const out: number[] = [];
  const re = /^---(?=[ \t\r\n]|$)/gm;
  for (const m of text.matchAll(re)) out.push(m.index ?? 0);
  return out;
}

export interface DepthExcess {
  /** Offset of the line where the estimate first exceeds the limit. */
  offset: number;
  depth: number;
}

const BLOCK_SCALAR_HEADER = /(?:^|[\s:-])[|>][-+0-9]*[ \t]*(?:#.*)?$/;

/**
 * Over-estimates collection nesting line by line: block indentation levels, compact
 * `- `/`? ` indicators and open flow brackets. Returns where it first exceeds `limit`.
 * An over-estimate only costs a false refusal of pathological input; an under-estimate
 * could let a stack-exhausting document reach the parser.
 */
export function findExcessiveNesting(
  text: string,
  limit: number,
): DepthExcess | undefined {
  const indents: number[] = [];
  let flow = 0;
  let blockScalarIndent = -1;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    let i = 0;
    while (i < line.length && line.charCodeAt(i) === 32) i++;
    const blank = i >= line.length || /^\s*(#|$)/.test(line.slice(i));
    if (blockScalarIndent >= 0) {
      if (blank || i > blockScalarIndent) {
        lineStart = lineEnd + 1;
        continue;
      }
      blockScalarIndent = -1;
    }
    if (!blank) {
      if (line.startsWith('---') || line.startsWith('...')) {
        indents.length = 0;
        flow = 0;
      } else if (flow === 0) {
        while (indents.length && indents[indents.length - 1] > i) indents.pop();
        if (!indents.length || indents[indents.length - 1] !== i)
          indents.push(i);
        let j = i;
        // Compact nested collections on one line ("- - x", "- ? a") each add a level.
        while (
          j + 1 <= line.length &&
          (line[j] === '-' || line[j] === '?' || line[j] === ':') &&
          (j + 1 === line.length || line[j + 1] === ' ')
        ) {
          j += 2;
          while (j < line.length && line[j] === ' ') j++;
          indents.push(j);
        }
      }
      const scanned = scanFlow(line, flow);
      flow = scanned.depth;
      if (BLOCK_SCALAR_HEADER.test(line)) blockScalarIndent = i;
      // Factor 2: a sequence may sit at its parent key's indentation.
      const depth = indents.length * 2 + scanned.max;
      if (depth > limit) return { offset: lineStart, depth };
    }
    lineStart = lineEnd + 1;
  }
  return undefined;
}

/** Tracks open flow brackets across a line (and the line's peak), skipping quotes and comments. */
function scanFlow(line: string, depth: number): { depth: number; max: number } {
  let quote = '';
  let d = depth;
  let max = depth;
  for (let k = 0; k < line.length; k++) {
    const ch = line[k];
    if (quote) {
      if (ch === quote) {
        if (quote === "'" && line[k + 1] === "'") k++;
        else quote = '';
      } else if (ch === '\\' && quote === '"') k++;
      continue;
    }
    if (ch === '#' && (k === 0 || line[k - 1] === ' ' || line[k - 1] === '\t'))
      break;
    if ((ch === '"' || ch === "'") && (d > 0 || isScalarStart(line, k)))
      quote = ch;
    else if (ch === '[' || ch === '{') max = Math.max(max, ++d);
    else if ((ch === ']' || ch === '}') && d > 0) d--;
  }
  return { depth: d, max };
}

function isScalarStart(line: string, k: number): boolean {
  const before = line.slice(0, k).trimEnd();
  return (
    before === '' ||
    before.endsWith(':') ||
    before.endsWith('-') ||
    before.endsWith('?')
  );
}
