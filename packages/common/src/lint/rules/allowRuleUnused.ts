import type {
  FieldPath,
  Overlay,
  Policy,
  Protocol,
  Suggestion,
} from '../../model';
import {
  ALLOW_RULE_UNUSED,
  reattribute,
  ruleId,
  unusedAllowMessage,
  unusedAllows,
  unusedAllowsFromAggregates,
  type RulePath,
  type RuleUsage,
} from '../../observed';
import {
  generatePeeringPolicies,
  PeeringGenerationError,
  renderPeeringYaml,
  type GeneratedPolicy,
} from '../../peering';
import { defineRule } from '../rule';
import type { Hit, LintContext } from '../types';
import { inputPolicies, overlayWith, targetClusters } from '../util/context';
import { ciliumRules, npRules } from '../util/policies';
import { cnp } from './examples';
import { NEVER, withRule } from './ruleRedundant';

interface Candidate {
  resource: Hit['resource'];
  policy: Policy;
  path: FieldPath;
  section: string;
  specIndex: number;
  ruleIndex: number;
  direction: 'ingress' | 'egress';
  /** The rule turned into one that matches nothing (the policy keeps isolating). */
  neutral: Record<string, unknown>;
}

function candidates(
  ctx: LintContext,
  policyOf: (r: unknown) => Policy | undefined,
): Candidate[] {
  const out: Candidate[] = [];
  for (const r of npRules(ctx.resources)) {
    const policy = policyOf(r.resource);
    if (!policy) continue;
    out.push({
      resource: r.resource,
      policy,
      path: r.path,
      section: r.direction,
      specIndex: 0,
      ruleIndex: r.index,
      direction: r.direction,
      neutral: { [r.peersKey]: [{ podSelector: NEVER }] },
    });
  }
  for (const r of ciliumRules(ctx.resources)) {
    const policy = policyOf(r.resource);
    if (!policy || r.deny) continue;
    out.push({
      resource: r.resource,
      policy,
      path: r.path,
      section: r.section,
      specIndex: r.owner.path[0] === 'specs' ? Number(r.owner.path[1]) : 0,
      ruleIndex: r.index,
      direction: r.direction,
      neutral: {
        [r.direction === 'ingress' ? 'fromEndpoints' : 'toEndpoints']: [NEVER],
      },
    });
  }
  return out;
}

const observedPorts = (p: RulePath) =>
  p.observed.flatMap(o => {
    const [protocol, port] = o.split('/');
    const n = Number(port);
    return Number.isInteger(n) && n > 0
      ? [{ protocol: protocol as Protocol, port: n }]
      : [];
  });

/**
 * The narrower replacement: the rule removed, and for every path that carried traffic the
 * peering generator's least-privilege policy for this side, on the observed ports only.
 */
function narrower(
  overlay: Overlay,
  c: Candidate,
  u: RuleUsage,
): Suggestion | undefined {
  const where = `${c.section}[${c.ruleIndex}] of ${c.policy.kind} ${c.policy.namespace ? `${c.policy.namespace}/` : ''}${c.policy.name}`;
  if (u.unusedRule) return { title: `Remove ${where}` };
  const without = overlayWith(overlay, [withRule(c.policy, c.path, c.neutral)]);
  const generated: GeneratedPolicy[] = [];
  const notGenerated: string[] = [];
  u.paths
    .filter(p => p.observed.length)
    .forEach((p, i) => {
      const ports = observedPorts(p);
      if (!('workload' in p.from) || !('workload' in p.to) || !ports.length) {
        notGenerated.push(
          `${'workload' in p.from ? p.from.workload : JSON.stringify(p.from)} → ${'workload' in p.to ? p.to.workload : JSON.stringify(p.to)}`,
        );
        return;
      }
      try {
        const g = generatePeeringPolicies(
          {
            from: p.from.workload,
            to: { workload: p.to.workload },
            targets: [p.to.workload],
            ports,
            reason: `narrows ${where}: the traffic observed on it (${ALLOW_RULE_UNUSED})`,
          },
          without,
          { requestId: `${c.policy.name}-${c.section}-${c.ruleIndex}-${i}` },
        );
        generated.push(...g.policies.filter(x => x.side === c.direction));
      } catch (e) {
        if (!(e instanceof PeeringGenerationError)) throw e;
        notGenerated.push(
          `${p.from.workload} → ${p.to.workload} (${e.message})`,
        );
      }
    });
  if (!generated.length)
    return {
      title: `Narrow ${where} to the observed peers and ports${notGenerated.length ? ` (${notGenerated.join('; ')})` : ''}`,
    };
  return {
    title: `Replace ${where} with ${generated.length} least-privilege polic${generated.length > 1 ? 'ies' : 'y'} for the observed traffic${notGenerated.length ? `; keep by hand: ${notGenerated.join('; ')}` : ''}`,
    yaml: renderPeeringYaml(generated),
  };
}

const exampleFlow = (dst: string, port: number) =>
  JSON.stringify({
    flow: {
      time: '2026-12-01T10:00:00.000000000Z',
      verdict: 'FORWARDED',
      IP: { source: '10.0.1.5', destination: '10.0.2.7', ipVersion: 'IPv4' },
      l4: { TCP: { source_port: 43210, destination_port: port } },
      source: {
        cluster_name: 'c1',
        namespace: 'shop',
        labels: ['k8s:app=web', 'k8s:io.kubernetes.pod.namespace=shop'],
        pod_name: 'web-5d8f7c9b6-x2k4q',
        workloads: [{ name: 'web', kind: 'Deployment' }],
      },
      destination: {
        cluster_name: 'c1',
        namespace: 'shop',
        labels: [`k8s:app=${dst}`, 'k8s:io.kubernetes.pod.namespace=shop'],
        pod_name: `${dst}-7c9f8b6d4-m8v2p`,
        workloads: [{ name: dst, kind: 'Deployment' }],
      },
      Type: 'L3_L4',
      traffic_direction: 'INGRESS',
      is_reply: false,
    },
    node_name: 'c1/node-1',
    time: '2026-12-01T10:00:00.000000000Z',
  });

/**
 * An allow rule some of whose allowed paths carried no forwarded flow in the observed window
 * (docs/observed-flows.md). Runs only with observed flows.
 */
export const allowRuleUnused = defineRule(
  {
    id: ALLOW_RULE_UNUSED,
    semanticsId: '§2.16',
    title: 'Allow rule carried no observed traffic on some of its paths',
    severity: 'info',
    category: 'exposure',
    threat: 'unauthorized-access',
    rationale:
      "An allowed path that carries no traffic is attack surface with no use: if a workload on it is compromised, the path is open for lateral movement. Given Hubble's observed flows over a time window (`ytk flows`, or the portal's Hubble source), each allow rule's paths — the connections of the overlay it takes part in, on its ports — are checked for a forwarded flow attributed to the rule. A rule none of whose paths carried traffic should be removed, or kept only if the traffic is expected (a quarterly batch job, a failover path); a rule with some unused paths is reported with the least-privilege policies the peering generator writes for the observed peers and ports as the suggested replacement. It runs only with observed flows: ordinary lint never reports it. Absence of traffic is evidence about the window only; choose a window that covers the workload's real cycle.",
    badExample: cnp(`
endpointSelector:
  matchLabels:
    app: db
ingress:
  - fromEndpoints:
      - matchLabels:
          app: web
      - matchLabels:
          app: api
          io.cilium.k8s.policy.cluster: c2
    toPorts:
      - ports:
          - port: "5432"
            protocol: TCP
`),
    goodExample: cnp(`
endpointSelector:
  matchLabels:
    app: db
ingress:
  - fromEndpoints:
      - matchLabels:
          app: web
    toPorts:
      - ports:
          - port: "5432"
            protocol: TCP
`),
    exampleFlows: [exampleFlow('db', 5432)],
    appliesTo: [
      'NetworkPolicy',
      'CiliumNetworkPolicy',
      'CiliumClusterwideNetworkPolicy',
    ],
    needsContext: true,
    needsFlows: true,
  },
  ctx => {
    const base = ctx.overlay;
    const observed = ctx.options.observed;
    if (!base || !observed) return [];
    const hits: Hit[] = [];
    for (const cluster of targetClusters(ctx)) {
      const policies = inputPolicies(ctx.resources, cluster.name);
      if (!policies.length) continue;
      const overlay = overlayWith(base, policies);
      const byResource = new Map<unknown, Policy>();
      ctx.resources
        .filter(x =>
          [
            'NetworkPolicy',
            'CiliumNetworkPolicy',
            'CiliumClusterwideNetworkPolicy',
          ].includes((x.object as { kind?: string }).kind ?? ''),
        )
        .forEach((r, i) => {
          if (!byResource.has(r)) byResource.set(r, policies[i]);
        });
      const usage = observed.aggregates
        ? unusedAllowsFromAggregates(
            overlay,
            observed.aggregates.map(a =>
              reattribute(overlay, a, observed.attribute),
            ),
            observed.window,
          )
        : unusedAllows(
            overlay,
            observed.flows ?? [],
            observed.window,
            observed.attribute,
          );
      const byRule = new Map(usage.map(u => [ruleId(u.rule), u]));
      for (const c of candidates(ctx, r => byResource.get(r))) {
        const u = byRule.get(
          ruleId({
            policyId: c.policy.id,
            section: c.section,
            specIndex: c.specIndex,
            ruleIndex: c.ruleIndex,
          }),
        );
        if (!u) continue;
        const message = unusedAllowMessage(u, observed.windowText);
        if (!message) continue;
        const suggestion = narrower(overlay, c, u);
        hits.push({
          resource: c.resource,
          path: c.path,
          message,
          ...(suggestion ? { suggestion } : {}),
        });
      }
    }
    return hits;
  },
);
