import {
  ignoredPolicyMessage,
  type DecodeProblem,
  type IgnoredPolicy,
  type Overlay,
} from '@ytknetwork/common';
import { CliInputError, formatProblem } from './errors';
import type { Io } from './commands/shared';

/*
 * How the CLI reports input problems (docs/cli.md, "Input problems and exit codes"):
 * results are produced from whatever could be read; every problem is printed, located, on
 * stderr; with --strict any input error stops the command (exit 2) before evaluation.
 */

export interface ReportOptions {
  strict?: boolean;
}

/** Objects of kinds ytk does not model: one summary line, not one line each (dumps have hundreds). */
function unknownKindSummary(problems: DecodeProblem[]): string | undefined {
  const counts = new Map<string, number>();
  for (const p of problems) {
    if (p.code !== 'unknown-kind') continue;
    const kind = /kind "([^"]*)"/.exec(p.message)?.[1] ?? '?';
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  if (!counts.size) return undefined;
  const list = [...counts]
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
    .map(([k, n]) => (n > 1 ? `${k} ×${n}` : k))
    .join(', ');
  return `ytk: note: skipped objects of kinds ytk does not model: ${list}\n`;
}

/** Prints decode problems; throws (exit 2) when --strict and any is an error. */
export function reportProblems(
  io: Io,
  problems: DecodeProblem[],
  options: ReportOptions = {},
): void {
  for (const p of problems) {
    if (p.code === 'unknown-kind') continue;
    // Skipped documents are notes: printed so nothing disappears silently.
    if (p.severity === 'info' && p.code !== 'not-kubernetes') continue;
    io.err(`${formatProblem(p).replace(': info', ': note')}\n`);
  }
  const summary = unknownKindSummary(problems);
  if (summary) io.err(summary);
  const errors = problems.filter(p => p.severity === 'error').length;
  if (!errors) return;
  const what = `${errors} input error${errors > 1 ? 's' : ''}`;
  if (options.strict)
    throw new CliInputError(`${what}; nothing evaluated (--strict)`);
  io.err(
    `ytk: ${what}; evaluated everything else (results below leave out what the errors affect; --strict fails instead)\n`,
  );
}

export function ignoredPolicies(overlay: Overlay): IgnoredPolicy[] {
  return overlay.clusters.flatMap(c => c.ignoredPolicies ?? []);
}

/** `namespace/name` or `name`, with the kind, as in lint messages. */
export function ignoredPolicyName(p: IgnoredPolicy): string {
  return `${p.kind} ${p.namespace ? `${p.namespace}/` : ''}${p.name}`;
}

/** One stderr line per ignored policy: a result is never silently "allowed". */
export function reportIgnoredPolicies(io: Io, list: IgnoredPolicy[]): void {
  for (const p of list) {
    const where = p.source
      ? `${p.source.uri}:${p.source.range.start.line + 1}:${p.source.range.start.character + 1}: `
      : '';
    io.err(
      `${where}warning: ${ignoredPolicyMessage(ignoredPolicyName(p), p.reason)}\n`,
    );
  }
}

/** The additive JSON fields (docs/cli.md): present only when there is something to say. */
export function inputProblemsJson(
  problems: DecodeProblem[],
  ignored: IgnoredPolicy[],
) {
  return {
    ...(problems.length
      ? {
          warnings: problems.map(p => ({
            code: p.code,
            severity: p.severity,
            message: p.message,
            uri: p.uri,
            range: p.range,
          })),
        }
      : {}),
    ...(ignored.length
      ? {
          ignoredPolicies: ignored.map(p => ({
            id: p.id,
            cluster: p.cluster,
            ...(p.namespace ? { namespace: p.namespace } : {}),
            kind: p.kind,
            name: p.name,
            reason: p.reason,
            message: ignoredPolicyMessage(ignoredPolicyName(p), p.reason),
            ...(p.source ? { uri: p.source.uri, range: p.source.range } : {}),
          })),
        }
      : {}),
  };
}
