/** Zero-based position, as in LSP and the CLI's JSON output. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Where something came from: a file (or cluster object URI) and a range in it. */
export interface SourceLocation {
  uri: string;
  range: Range;
}

/** A path into a decoded document, e.g. ['spec', 'ingress', 0, 'fromEndpoints']. */
export type FieldPath = ReadonlyArray<string | number>;

export const ZERO_RANGE: Range = {
  start: { line: 0, character: 0 },
  end: { line: 0, character: 0 },
};

/** Renders a field path the way kubectl error messages do: spec.ingress[0].fromEndpoints */
export function formatFieldPath(path: FieldPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${part}` : part;
  }
  return out;
}
