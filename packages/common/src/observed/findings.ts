import type { Endpoint, Finding, PortSpec } from '../model';
import { ZERO_RANGE } from '../model/source';
import type { RuleUsage } from './unused';

/** Public id of the finding: the lint rule `allow-rule-unused` (needs observed flows). */
export const ALLOW_RULE_UNUSED = 'allow-rule-unused';

const ep = (e: Endpoint) => {
  if ('workload' in e) return e.workload;
  return 'entity' in e ? e.entity : e.cidr;
};
const ports = (p: PortSpec) =>
  p === 'all'
    ? 'all ports'
    : p
        .map(
          r =>
            `${r.port === undefined ? 'all' : r.port}${r.endPort ? `-${r.endPort}` : ''}/${r.protocol}`,
        )
        .join(', ');

/** The finding's message for an allow rule with unused paths (undefined: nothing to report). */
export function unusedAllowMessage(
  u: RuleUsage,
  windowText = 'the observed window',
): string | undefined {
  if (!u.paths.length || !u.unused.length) return undefined;
  const r = u.rule;
  const name = `${r.policyKind} ${r.namespace ? `${r.namespace}/` : ''}${r.policyName} ${r.section}[${r.ruleIndex}]`;
  const kept = u.paths.filter(p => p.observed.length);
  return u.unusedRule
    ? `${name} allows ${u.paths.length} path${u.paths.length > 1 ? 's' : ''} and none carried a forwarded flow in ${windowText}: remove the rule, or keep it only if the traffic is expected (${u.paths
        .slice(0, 5)
        .map(p => `${ep(p.from)} → ${ep(p.to)} ${ports(p.ports)}`)
        .join('; ')}${u.paths.length > 5 ? '; …' : ''}).`
    : `${name}: ${u.unused.length} of ${u.paths.length} allowed paths carried no forwarded flow in ${windowText}. Narrower rule: keep ${kept
        .map(p => `${ep(p.from)} → ${ep(p.to)} on ${p.observed.join(', ')}`)
        .join('; ')}; drop ${u.unused
        .slice(0, 5)
        .map(p => `${ep(p.from)} → ${ep(p.to)} ${ports(p.ports)}`)
        .join('; ')}${u.unused.length > 5 ? '; …' : ''}.`;
}

/**
 * Lint-style findings (the Finding shape of packages/common/src/lint) for allow rules with
 * unused paths in the window: the whole rule unused, or the paths to drop and the observed
 * peers/ports to keep (the narrower rule), located at the rule. `lint` with `options.observed`
 * reports the same, with the generated narrower policies as the suggestion.
 */
export function unusedAllowFindings(
  usage: RuleUsage[],
  windowText = 'the observed window',
): Finding[] {
  const out: Finding[] = [];
  for (const u of usage) {
    const message = unusedAllowMessage(u, windowText);
    if (!message) continue;
    const r = u.rule;
    out.push({
      ruleId: ALLOW_RULE_UNUSED,
      severity: 'info',
      category: 'exposure',
      message,
      uri: r.location?.uri ?? r.policyId,
      range: r.location?.range ?? ZERO_RANGE,
    });
  }
  return out;
}
