import type { DecidingRule, FieldPath, Policy } from '../model';
import type { AuthMode, Rule } from './types';

/** Collects rules (and reasons a policy is not enforced) while normalizing. */
export interface RuleSink {
  add(rule: Omit<Rule, 'index'>): void;
  invalid(policy: Policy, reason: string): void;
}

/** Identity and location of one normalized rule; the range comes from the decoded document. */
export function ruleMeta(
  policy: Policy,
  section: string,
  specIndex: number,
  ruleIndex: number,
  path: FieldPath,
  extra: {
    action?: 'allow' | 'deny' | 'pass';
    auth?: AuthMode;
    l7?: boolean;
    priority?: number;
    ruleName?: string;
  } = {},
): DecidingRule {
  let location = policy.source;
  if (policy.document) {
    try {
      location = {
        uri: policy.source?.uri ?? policy.document.uri,
        range: policy.document.rangeOf(path),
      };
    } catch {
      // keep the policy's own location
    }
  }
  return {
    policyId: policy.id,
    policyKind: policy.kind,
    policyName: policy.name,
    cluster: policy.cluster,
    namespace: policy.namespace,
    section,
    specIndex,
    ruleIndex,
    action: extra.action ?? 'allow',
    auth: extra.auth ?? 'none',
    l7: extra.l7 ?? false,
    location,
    ...(extra.priority !== undefined ? { priority: extra.priority } : {}),
    ...(extra.ruleName !== undefined ? { ruleName: extra.ruleName } : {}),
  };
}
