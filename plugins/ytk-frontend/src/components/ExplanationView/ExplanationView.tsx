import { Box, Chip, Typography } from '@material-ui/core';
import type { DecidingRule, SideVerdict, Verdict } from '@ytknetwork/common';
import { IstioPostureView } from './IstioPostureView';

function ruleText(r: DecidingRule): string {
  const where = r.namespace ? `${r.cluster}/${r.namespace}` : r.cluster;
  const spec = r.specIndex > 0 ? `specs[${r.specIndex}].` : '';
  const auth = r.auth === 'none' ? '' : `, auth ${r.auth}`;
  const named = r.ruleName ? ` "${r.ruleName}"` : '';
  const priority = r.priority !== undefined ? `, priority ${r.priority}` : '';
  // calico enforcer: the tier, the policy's order, and Calico's name for Kubernetes policies.
  const tier = r.tier !== undefined ? `, tier ${r.tier}` : '';
  const order = r.order !== undefined ? `, order ${r.order}` : '';
  const as = r.calicoName ? ` (${r.calicoName})` : '';
  if (r.tierDefault)
    return `${r.policyKind} ${where}/${r.policyName}${as}: end of tier ${r.tier} (${r.action}, the tier's defaultAction)`;
  return `${r.policyKind} ${where}/${r.policyName}${as} ${spec}${r.section}[${r.ruleIndex}]${named} (${r.action}${priority}${tier}${order}${auth})`;
}

/** What decided a side, in words (`layer`, and the tier under the calico enforcer). */
function layerText(side: SideVerdict): string {
  switch (side.layer) {
    case 'default':
      return 'no policy (default)';
    case 'CalicoTier':
      return `Calico tier ${side.tier}`;
    case 'CalicoTierDefault':
      return `the end of Calico tier ${side.tier} (defaultAction Deny)`;
    case 'CalicoProfile':
      return "no Calico tier (the endpoint's profile allows)";
    default:
      return side.layer ?? '';
  }
}

/** The policy line of a rule (`file:line`, 1-based), when the caller may read the policy. */
function RuleLocation({ rule }: { rule: DecidingRule }) {
  if (!rule.location) return null;
  return (
    <Typography
      variant="caption"
      color="textSecondary"
      data-testid="ytk-explanation-rule-line"
    >
      {rule.location.uri}:{rule.location.range.start.line + 1}
    </Typography>
  );
}

function ruleKey(r: DecidingRule): string {
  return `${r.policyId}#${r.section}#${r.specIndex}#${r.ruleIndex}`;
}

function Side({ title, side }: { title: string; side: SideVerdict }) {
  return (
    <Box mt={1} data-testid={`ytk-explanation-${side.direction}`}>
      <Typography variant="subtitle2">
        {title}
        {side.cluster ? ` in ${side.cluster}` : ''}:{' '}
        <Chip
          size="small"
          label={side.outcome}
          color={side.allowed ? 'primary' : 'secondary'}
        />
      </Typography>
      {/* Present when the cluster has AdminNetworkPolicy / BaselineAdminNetworkPolicy objects, and under the calico enforcer. */}
      {side.layer && (
        <Typography
          variant="body2"
          data-testid={`ytk-explanation-${side.direction}-layer`}
        >
          Decided by: {layerText(side)}
        </Typography>
      )}
      <Typography variant="body2">{side.reason}</Typography>
      {side.rules.length > 0 && (
        <ul>
          {side.rules.map(r => (
            <li key={ruleKey(r)}>
              <Typography variant="body2">{ruleText(r)}</Typography>
              <RuleLocation rule={r} />
            </li>
          ))}
        </ul>
      )}
      {side.passedBy && side.passedBy.length > 0 && (
        <Box data-testid={`ytk-explanation-${side.direction}-passed-by`}>
          <Typography variant="body2">Passed on by:</Typography>
          <ul>
            {side.passedBy.map(r => (
              <li key={ruleKey(r)}>
                <Typography variant="body2">{ruleText(r)}</Typography>
              </li>
            ))}
          </ul>
        </Box>
      )}
    </Box>
  );
}

/** One flow's verdict: the final answer, then each side's outcome and deciding rules. */
export function ExplanationView({ verdict }: { verdict: Verdict }) {
  return (
    <Box data-testid="ytk-explanation">
      <Typography variant="h6">
        {verdict.allowed ? 'Allowed' : 'Dropped'}
        {verdict.crossCluster ? ' (cross-cluster)' : ''}
        {/* A padlock only on a flow that passes: an auth-required drop must not look secured. */}
        {verdict.allowed && verdict.authRequired ? ' 🔒 mutual auth' : ''}
      </Typography>
      {verdict.reasons.map(r => (
        <Typography key={r} variant="body2">
          {r}
        </Typography>
      ))}
      <Side title="Egress (sender)" side={verdict.egress} />
      <Side title="Ingress (receiver)" side={verdict.ingress} />
      {/* Present only when the destination's cluster has Istio security objects. */}
      {verdict.istio && (
        <IstioPostureView
          istio={verdict.istio}
          allowed={verdict.allowed}
          crossCluster={verdict.crossCluster}
        />
      )}
    </Box>
  );
}
