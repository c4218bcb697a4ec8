import type { DecodeProblem } from '../model/document';
import { formatFieldPath } from '../model/source';

/** Test helper: problems as "severity code path" lines, for compact assertions. */
export function summarize(
  problems: DecodeProblem[],
  severity?: DecodeProblem['severity'],
): string[] {
  return problems
    .filter(p => !severity || p.severity === severity)
    .map(p => `${p.severity} ${p.code} ${formatFieldPath(p.path)}`);
}
