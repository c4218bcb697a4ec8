import type {
  DecodeProblem,
  ProblemSeverity,
  SourceDocument,
} from '../model/document';
import { formatFieldPath, ZERO_RANGE, type FieldPath } from '../model/source';

/** Collects located problems while a document is decoded. */
export class DecodeContext {
  readonly problems: DecodeProblem[] = [];

  constructor(
    readonly uri: string,
    readonly doc?: SourceDocument,
    /** Kind being decoded, for rules that differ per kind (e.g. nodeSelector only in CCNP). */
    public kind = '',
  ) {}

  report(
    code: string,
    severity: ProblemSeverity,
    path: FieldPath,
    message: string,
    options: { onKey?: boolean } = {},
  ): void {
    let range = ZERO_RANGE;
    if (this.doc) {
      range = options.onKey
        ? this.doc.keyRangeOf(path)
        : this.doc.rangeOf(path);
    }
    const where = formatFieldPath(path);
    this.problems.push({
      code,
      severity,
      message: where ? `${where}: ${message}` : message,
      uri: this.uri,
      range,
      path: [...path],
    });
  }

  error(code: string, path: FieldPath, message: string, onKey = false): void {
    this.report(code, 'error', path, message, { onKey });
  }
}
