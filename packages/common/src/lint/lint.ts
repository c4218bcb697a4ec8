import type { DecodeProblem, FieldPath, Finding } from '../model';
import { RULES } from './rules';
import type {
  Hit,
  LintContext,
  LintInput,
  LintOptions,
  LintRule,
} from './types';
import { withLintMemo } from './util/memo';
import { deriveSettings } from './util/settings';
import { rangeOf, uriOf } from './util/text';

/** One finding per decode problem: the document's shape is wrong (`schema/<code>`). */
function schemaFinding(p: DecodeProblem): Finding {
  return {
    ruleId: `schema/${p.code}`,
    severity: p.severity,
    category: 'schema',
    message: p.message,
    uri: p.uri,
    range: p.range,
  };
}

function toFinding(rule: LintRule, hit: Hit): Finding {
  const uri = uriOf(hit.resource);
  const f: Finding = {
    ruleId: rule.meta.id,
    severity: hit.severity ?? rule.meta.severity,
    category: rule.meta.category,
    message: hit.message,
    uri,
    range: rangeOf(hit.resource, hit.path, hit.atKey),
  };
  if (hit.fix && hit.fix.edits.length > 0) {
    f.fix = { title: hit.fix.title, uri, edits: hit.fix.edits };
  }
  if (hit.related?.length) f.related = hit.related;
  if (hit.suggestion) f.suggestion = hit.suggestion;
  return f;
}

/**
 * Lints decoded resources: schema findings for every decode problem, then every rule.
 * Rules that need context run only with `options.overlay`, rules that need observed flows only
 * with `options.observed`. A rule that throws is a bug in
 * that rule; it is reported as a finding rather than hiding every other result.
 */
export function lint(input: LintInput, options: LintOptions = {}): Finding[] {
  return runLint(input, options, true);
}

const isPrefix = (a: FieldPath, b: FieldPath) =>
  a.length <= b.length && a.every((p, i) => p === b[i]);

/**
 * `dedupe`: drop a rule hit the decoder already reported as an error on the same field (the
 * decoders check what the API server / Cilium's Sanitize reject; one finding per problem).
 */
export function runLint(
  input: LintInput,
  options: LintOptions,
  dedupe: boolean,
): Finding[] {
  return withLintMemo(() => lintOnce(input, options, dedupe));
}

function lintOnce(
  input: LintInput,
  options: LintOptions,
  dedupe: boolean,
): Finding[] {
  const resources = input.resources.filter(
    r => !!r && typeof r.object === 'object' && r.object !== null,
  );
  const ctx: LintContext = {
    resources,
    options,
    overlay: options.overlay,
    settings: deriveSettings(resources, options),
  };
  const findings = (input.problems ?? []).map(schemaFinding);
  // Decode errors on a field, by uri: what a rule hit is deduplicated against.
  const decodeErrors = new Map<string, DecodeProblem[]>();
  for (const p of input.problems ?? []) {
    if (p.severity !== 'error' || p.path.length === 0) continue;
    const list = decodeErrors.get(p.uri);
    if (list) list.push(p);
    else decodeErrors.set(p.uri, [p]);
  }
  for (const rule of RULES) {
    if (rule.meta.needsContext && !options.overlay) continue;
    if (rule.meta.needsFlows && !options.observed) continue;
    if (options.skipRules?.includes(rule.meta.id)) continue;
    // Cilium-only rules say nothing about a cluster another enforcer runs.
    if (
      (options.enforcer === 'kubernetes' || options.enforcer === 'calico') &&
      rule.meta.appliesTo.every(
        k => k.startsWith('Cilium') || k === 'cilium-config',
      )
    ) {
      continue;
    }
    let hits: Hit[];
    try {
      hits = rule.check(ctx);
    } catch (e) {
      findings.push({
        ruleId: 'lint/internal-error',
        severity: 'info',
        category: 'lint',
        message: `rule ${rule.meta.id} failed: ${(e as Error)?.message ?? String(e)}`,
        uri: resources[0] ? uriOf(resources[0]) : '',
        range: {
          start: { line: 0, character: 0 },
          end: { line: 0, character: 0 },
        },
      });
      continue;
    }
    for (const hit of hits) {
      const dup =
        dedupe &&
        (decodeErrors.get(uriOf(hit.resource)) ?? []).some(
          p => isPrefix(p.path, hit.path) || isPrefix(hit.path, p.path),
        );
      if (!dup) findings.push(toFinding(rule, hit));
    }
  }
  return findings.sort(
    (a, b) =>
      a.uri.localeCompare(b.uri) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character ||
      a.ruleId.localeCompare(b.ruleId),
  );
}
