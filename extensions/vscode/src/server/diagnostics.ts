import { RULE_CATALOGUE, type Finding } from '@ytknetwork/common';
import {
  DiagnosticSeverity,
  type CodeAction,
  type Diagnostic,
  CodeActionKind,
} from 'vscode-languageserver';

const SEVERITY: Record<Finding['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

const CATALOGUED = new Set(RULE_CATALOGUE.map(r => r.id));

/** A finding as an LSP diagnostic: code = rule id, linked to docs/rules/<id>.md. */
export function toDiagnostic(f: Finding, rulesBaseUrl: string): Diagnostic {
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity] ?? DiagnosticSeverity.Warning,
    code: f.ruleId,
    source: 'ytk',
    message: f.message,
  };
  if (CATALOGUED.has(f.ruleId))
    d.codeDescription = { href: `${rulesBaseUrl}${f.ruleId}.md` };
  if (f.related?.length)
    d.relatedInformation = f.related.map(r => ({
      location: { uri: r.uri, range: r.range },
      message: r.message,
    }));
  return d;
}

function overlaps(
  a: Finding['range'],
  b: { start: Finding['range']['start']; end: Finding['range']['end'] },
) {
  const before = (p: typeof a.start, q: typeof a.start) =>
    p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

/** Quick fixes for the findings that touch a range (the fix edits come from the linter). */
export function fixesFor(
  findings: Finding[],
  range: Finding['range'],
  rulesBaseUrl: string,
): CodeAction[] {
  return findings
    .filter(f => f.fix && overlaps(f.range, range))
    .map(f => ({
      title: f.fix!.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [toDiagnostic(f, rulesBaseUrl)],
      isPreferred: true,
      edit: { changes: { [f.fix!.uri || f.uri]: f.fix!.edits } },
    }));
}
