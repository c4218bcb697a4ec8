import {
  isAlias,
  isCollection,
  isPair,
  LineCounter,
  parseAllDocuments,
  type Document,
  type Node,
} from 'yaml';
import type { DecodeProblem, SourceDocument } from '../model/document';
import { ZERO_RANGE, type Range } from '../model/source';
import { resolveLimits, type YamlLimits } from './limits';
import {
  documentStartOffsets,
  findExcessiveNesting,
  utf8Length,
} from './prescan';
import { listItemDocument, rangeAt, sourceMapFor } from './sourceDocument';

export interface ParseYamlOptions {
  uri: string;
  limits?: Partial<YamlLimits>;
}

export interface ParseYamlResult {
  documents: SourceDocument[];
  problems: DecodeProblem[];
}

/**
 * Parses multi-document YAML (or JSON) into plain values with source maps.
 * Never throws: every failure, including exceeded limits, is a located problem.
 */
export function parseYamlDocuments(
  text: string,
  options: ParseYamlOptions,
): ParseYamlResult {
  const uri = options.uri;
  try {
    return parseBounded(String(text ?? ''), uri, resolveLimits(options.limits));
  } catch (e) {
    // Defensive: the parser is bounded, but an editor must never lose the session.
    return {
      documents: [],
      problems: [
        {
          code: 'yaml-syntax',
          severity: 'error',
          message: `YAML could not be parsed: ${(e as Error)?.message ?? e}`,
          uri,
          range: ZERO_RANGE,
          path: [],
        },
      ],
    };
  }
}

function limitProblem(
  uri: string,
  range: Range,
  message: string,
): DecodeProblem {
  return {
    code: 'yaml-limit',
    severity: 'error',
    message,
    uri,
    range,
    path: [],
  };
}

function parseBounded(
  text: string,
  uri: string,
  limits: YamlLimits,
): ParseYamlResult {
  const { documents, problems } = parseWithAst(text, uri, limits);
  return { documents, problems };
}

/** What a parse leaves behind for an incremental re-parse (see ./incremental). */
export interface ParsedAst extends ParseYamlResult {
  /** The composed YAML documents (only when every document converted without problems). */
  docs: Document[];
  lineCounter: LineCounter;
}

/** `parseYamlDocuments` that also returns the YAML node trees and line table. */
export function parseWithAst(
  text: string,
  uri: string,
  limits: YamlLimits,
): ParsedAst {
  const problems: DecodeProblem[] = [];
  const documents: SourceDocument[] = [];
  const lineCounter = new LineCounter();
  const docs: Document[] = [];
  const done = () => ({ documents, problems, docs, lineCounter });

  // Size first, before any scan that is linear in the input.
  if (
    text.length > limits.maxBytes ||
    utf8Length(text, limits.maxBytes) > limits.maxBytes
  ) {
    const size =
      text.length > limits.maxBytes
        ? `more than ${limits.maxBytes}`
        : `${utf8Length(text)}`;
    problems.push(
      limitProblem(
        uri,
        ZERO_RANGE,
        `file is ${size} bytes; the limit is ${limits.maxBytes} bytes`,
      ),
    );
    return done();
  }

  let source = text;
  const starts = documentStartOffsets(text);
  // With N '---' markers there are N or N+1 documents; parse only the first maxDocuments.
  const leading =
    starts.length > 0 && /^\s*(#[^\n]*\n\s*)*$/.test(text.slice(0, starts[0]));
  const cutIndex = leading ? limits.maxDocuments : limits.maxDocuments - 1;
  if (cutIndex >= 0 && starts.length > cutIndex) {
    const cut = starts[cutIndex];
    source = text.slice(0, cut);
    const line = text.slice(0, cut).split('\n').length - 1;
    problems.push(
      limitProblem(
        uri,
        { start: { line, character: 0 }, end: { line, character: 3 } },
        `more than ${limits.maxDocuments} documents; the rest of the file was not read`,
      ),
    );
  }

  const deep = findExcessiveNesting(source, limits.maxDepth * 2);
  if (deep) {
    const line = source.slice(0, deep.offset).split('\n').length - 1;
    problems.push(
      limitProblem(
        uri,
        { start: { line, character: 0 }, end: { line, character: 0 } },
        `nesting deeper than ${limits.maxDepth} levels; the file was not parsed`,
      ),
    );
    return done();
  }

  const parsed = parseAllDocuments(source, {
    lineCounter,
    merge: true,
    prettyErrors: false,
  });
  if (Array.isArray(parsed)) docs.push(...parsed);
  if (!Array.isArray(parsed)) {
    for (const e of (
      parsed as { errors?: Array<{ message: string; pos: [number, number] }> }
    ).errors ?? []) {
      problems.push(syntaxProblem(uri, lineCounter, e.message, e.pos, 'error'));
    }
  }

  docs.forEach((doc, index) => {
    for (const e of doc.errors)
      problems.push(syntaxProblem(uri, lineCounter, e.message, e.pos, 'error'));
    for (const w of doc.warnings)
      problems.push(
        syntaxProblem(uri, lineCounter, w.message, w.pos, 'warning'),
      );
    if (doc.errors.length) return; // a broken document's value is unreliable
    const contents = doc.contents as Node | null;
    if (!contents) return;

    const tooDeep = findDeepNode(contents, limits.maxDepth);
    if (tooDeep) {
      problems.push(
        limitProblem(
          uri,
          rangeAt(
            lineCounter,
            tooDeep.range?.[0] ?? 0,
            tooDeep.range?.[1] ?? 0,
          ),
          `nesting deeper than ${limits.maxDepth} levels`,
        ),
      );
      return;
    }

    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
    } catch (e) {
      const alias = firstAlias(contents);
      const pos = alias?.range ?? contents.range ?? [0, 0];
      problems.push(
        limitProblem(
          uri,
          rangeAt(lineCounter, pos[0], pos[1]),
          /alias/i.test(String((e as Error)?.message))
            ? `alias expansion exceeds the limit of ${limits.maxAliasCount} (possible "billion laughs" document)`
            : `document could not be converted: ${(e as Error)?.message ?? e}`,
        ),
      );
      return;
    }
    if (value === null || value === undefined) return;

    const map = sourceMapFor(doc, lineCounter);
    const document: SourceDocument = { uri, index, value, text, ...map };
    documents.push(...unwrapList(document));
  });

  return done();
}

function syntaxProblem(
  uri: string,
  lineCounter: LineCounter,
  message: string,
  pos: [number, number] | undefined,
  severity: 'error' | 'warning',
): DecodeProblem {
  const [start, end] = pos ?? [0, 0];
  return {
    code: 'yaml-syntax',
    severity,
    message: message.split('\n')[0],
    uri,
    range: rangeAt(lineCounter, start, end),
    path: [],
  };
}

/** Iterative (never recursive) so the depth check itself cannot exhaust the stack. */
export function findDeepNode(root: Node, maxDepth: number): Node | undefined {
  const stack: Array<[Node, number]> = [[root, isCollection(root) ? 1 : 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > maxDepth) return node;
    if (!isCollection(node)) continue;
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        for (const part of [item.key, item.value] as Array<Node | null>) {
          if (part) stack.push([part, depth + (isCollection(part) ? 1 : 0)]);
        }
      } else if (item) {
        const n = item as Node;
        stack.push([n, depth + (isCollection(n) ? 1 : 0)]);
      }
    }
  }
  return undefined;
}

function firstAlias(root: Node): Node | undefined {
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (isAlias(node)) return node;
    if (!isCollection(node)) continue;
    const children: Node[] = [];
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        if (item.key) children.push(item.key as Node);
        if (item.value) children.push(item.value as Node);
      } else if (item) children.push(item as Node);
    }
    stack.push(...children.reverse());
  }
  return undefined;
}

export function isListObject(
  value: unknown,
): value is { kind: string; apiVersion?: unknown; items: unknown[] } {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.kind === 'string' && /List$/.test(v.kind) && Array.isArray(v.items)
  );
}

/** `kind: List` and any `*List` become one SourceDocument per item (null items skipped). */
function unwrapList(document: SourceDocument): SourceDocument[] {
  const value = document.value;
  if (!isListObject(value)) return [document];
  const list = {
    kind: value.kind,
    apiVersion:
      typeof value.apiVersion === 'string' ? value.apiVersion : undefined,
  };
  const out: SourceDocument[] = [];
  value.items.forEach((item, i) => {
    if (item !== null && item !== undefined)
      out.push(listItemDocument(document, i, item, list));
  });
  return out;
}
