import { isNodeTraffic } from '../../model/overlay';
import type {
  DecidingRule,
  FieldPath,
  Flow,
  Overlay,
  Policy,
  Protocol,
  Workload,
} from '../../model';
import type { Hit } from '../types';
import { explainFlow } from '../../verdict';
import {
  compileOverlay,
  subjectMatches,
  viewWorkload,
  type PeerView,
  type Rule,
} from '../../policy';
import { defineRule } from '../rule';
import { arr, isObj, portText, str } from '../util/access';
import {
  inputPolicies,
  overlayWith,
  subjectWorkloads,
  targetClusters,
} from '../util/context';
import { portRules } from '../util/l7';
import { PeerViewIndex } from '../util/peerViewIndex';
import { ciliumRules, npRules } from '../util/policies';
import { np } from './examples';

/**
 * Work bound per lint run, in rule scans: each flow evaluation scans its cluster's compiled rules,
 * so a flow costs more on a big overlay. Rules beyond it are reported as not checked.
 */
export const redundancyLimits = { budget: 5_000_000 };
/** A selector that matches nothing: a rule neutralized with it keeps the policy's isolation. */
export const NEVER = { matchLabels: { 'ytk.invalid/never': 'matches' } };

interface Candidate {
  policy: Policy;
  path: FieldPath;
  section: string;
  specIndex: number;
  ruleIndex: number;
  direction: 'ingress' | 'egress';
  ports: Array<{ port: number; protocol: Protocol }>;
  /** The same rule turned into one that matches nothing (keeps default-deny as it was). */
  neutral: Record<string, unknown>;
  subject: unknown;
}

function flowPorts(
  explicit: Candidate['ports'],
  dst: Workload,
): Candidate['ports'] {
  if (explicit.length > 0) return explicit;
  return dst.ports.length > 0
    ? dst.ports.map(p => ({ port: p.port, protocol: p.protocol }))
    : [{ port: 80, protocol: 'TCP' }];
}

function proto(v: unknown): Protocol {
  const p = str(v)?.toUpperCase();
  return p === 'UDP' || p === 'SCTP' ? p : 'TCP';
}

function numericPorts(list: unknown[]): Candidate['ports'] {
  return list.flatMap(p => {
    if (!isObj(p)) return [];
    const n = Number(portText(p.port));
    return Number.isInteger(n) && n > 0
      ? [{ port: n, protocol: proto(p.protocol) }]
      : [];
  });
}

const ruleKey = (d: {
  section: string;
  specIndex: number;
  ruleIndex: number;
  policyId?: string;
  policy?: Policy;
}) =>
  `${d.policyId ?? d.policy?.id}\u0000${d.section}\u0000${d.specIndex}\u0000${d.ruleIndex}`;

function same(d: DecidingRule, c: Candidate): boolean {
  return (
    d.policyId === c.policy.id &&
    d.section === c.section &&
    d.specIndex === c.specIndex &&
    d.ruleIndex === c.ruleIndex &&
    d.action === 'allow'
  );
}

export function withRule(
  policy: Policy,
  path: FieldPath,
  rule: Record<string, unknown>,
): Policy {
  // Copy only the containers along `path` (not the whole, possibly huge, policy per candidate).
  const copy = (v: unknown): any =>
    Array.isArray(v) ? [...v] : { ...(v as Record<string, unknown>) };
  const object = copy(policy.object);
  let node = object;
  for (const p of path.slice(0, -1)) {
    node[p] = copy(node[p]);
    node = node[p];
  }
  node[path[path.length - 1]] = rule;
  return { ...policy, object };
}

/** An allow rule whose every allowed flow stays allowed without it (decided by explainFlow). */
export const ruleRedundant = defineRule(
  {
    id: 'rule-redundant',
    semanticsId: '§2.16',
    title: 'Allow rule is redundant',
    severity: 'info',
    category: 'selection',
    threat: 'misconfiguration',
    rationale:
      "Every flow this allow rule admits (between the overlay's workloads, on its ports) is also admitted by other rules: removing it changes no verdict. Redundant rules hide the real intent and make reviews harder; delete it or narrow the broader rule. Decided by the verdict engine over the overlay's workloads, not by comparing text. The analysis is bounded in work (5 million rule scans per lint run); on a very large overlay the rules beyond the bound get one info finding saying how many were not checked, never a silent pass.",
    badExample: np(`
podSelector:
  matchLabels:
    app: db
ingress:
  - from:
      - podSelector: {}
  - from:
      - podSelector:
          matchLabels:
            app: web
    ports:
      - port: 5432
`),
    goodExample: np(`
podSelector:
  matchLabels:
    app: db
ingress:
  - from:
      - podSelector:
          matchLabels:
            app: api
  - from:
      - podSelector:
          matchLabels:
            app: web
    ports:
      - port: 5432
`),
    appliesTo: [
      'NetworkPolicy',
      'CiliumNetworkPolicy',
      'CiliumClusterwideNetworkPolicy',
    ],
    needsContext: true,
  },
  ctx => {
    const base = ctx.overlay;
    if (!base) return [];
    let budget = redundancyLimits.budget;
    const hits: Hit[] = [];
    let total = 0;
    let checked = 0;
    const skipped: Array<{ resource: Hit['resource']; path: FieldPath }> = [];
    for (const cluster of targetClusters(ctx)) {
      const policies = inputPolicies(ctx.resources, cluster.name);
      const overlay = overlayWith(base, policies);
      // inputPolicies keeps the order of the policy documents: the n-th one is policies[n].
      const docIndex = ctx.resources.filter(x =>
        [
          'NetworkPolicy',
          'CiliumNetworkPolicy',
          'CiliumClusterwideNetworkPolicy',
        ].includes((x.object as { kind?: string }).kind ?? ''),
      );
      const byResource = new Map<unknown, Policy>();
      docIndex.forEach((r, i) => {
        if (!byResource.has(r)) byResource.set(r, policies[i]);
      });
      const policyOf = (r: unknown) => byResource.get(r as never);
      const candidates: Array<{
        c: Candidate;
        resource: (typeof ctx.resources)[number];
      }> = [];
      for (const r of npRules(ctx.resources)) {
        const policy = policyOf(r.resource);
        if (!policy) continue;
        const spec = (r.resource.object as { spec?: { podSelector?: unknown } })
          .spec;
        candidates.push({
          resource: r.resource,
          c: {
            policy,
            path: r.path,
            section: r.direction,
            specIndex: 0,
            ruleIndex: r.index,
            direction: r.direction,
            ports: numericPorts(arr(r.rule.ports) ?? []),
            neutral: { [r.peersKey]: [{ podSelector: NEVER }] },
            subject: spec?.podSelector ?? {},
          },
        });
      }
      for (const r of ciliumRules(ctx.resources)) {
        const policy = policyOf(r.resource);
        if (!policy || r.deny || r.rule.authentication !== undefined) continue;
        if (portRules(r).some(pr => pr.l7.length > 0)) continue; // removing L7 changes requests, not flows
        candidates.push({
          resource: r.resource,
          c: {
            policy,
            path: r.path,
            section: r.section,
            specIndex:
              r.owner.path[0] === 'specs' ? Number(r.owner.path[1]) : 0,
            ruleIndex: r.index,
            direction: r.direction,
            ports: portRules(r).flatMap(pr =>
              numericPorts(arr(pr.portRule.ports) ?? []),
            ),
            neutral: {
              [r.direction === 'ingress' ? 'fromEndpoints' : 'toEndpoints']: [
                NEVER,
              ],
            },
            subject: r.owner.spec.endpointSelector,
          },
        });
      }
      const co = compileOverlay(overlay);
      const cc = co.clusters.get(cluster.name);
      if (!cc) continue;
      const everyone = overlay.clusters.flatMap(c => c.workloads);
      // How this cluster's enforcer sees every workload as a peer: once, not per candidate.
      const views = new Map<Workload, PeerView>();
      const viewOf = (w: Workload) => {
        let v = views.get(w);
        if (!v) {
          v = viewWorkload(co.workloads.get(w.ref)!, cc.ctx);
          views.set(w, v);
        }
        return v;
      };
      const peerIndex = new PeerViewIndex(everyone, viewOf, cc.ctx);
      const compiledOf = new Map<string, Rule[]>();
      for (const r of cc.rules) {
        const k = ruleKey(r.meta);
        const list = compiledOf.get(k);
        if (list) list.push(r);
        else compiledOf.set(k, [r]);
      }
      total += candidates.length;
      for (const { c, resource } of candidates) {
        // Only flows this rule can decide are candidates for `mine` (explainFlow decides them
        // below): its compiled rules must select the subject and match the peer.
        const own = (compiledOf.get(ruleKey(c)) ?? []).filter(
          r => r.action === 'allow',
        );
        if (own.length === 0) {
          checked++;
          continue;
        }
        const subjects = subjectWorkloads(resource, cluster, c.subject).filter(
          s => {
            const info = co.workloads.get(s.ref);
            return (
              !!info &&
              !isNodeTraffic(s) &&
              own.some(
                r => r.cluster === s.cluster && subjectMatches(r.subject, info),
              )
            );
          },
        );
        const peers = subjects.length === 0 ? [] : peerIndex.matching(own);
        // Count before building: one wide rule (a cluster-wide selector) can mean millions.
        let count = 0;
        for (const s of subjects)
          for (const o of peers) {
            if (o.ref === s.ref) continue;
            count += flowPorts(
              c.ports,
              c.direction === 'ingress' ? s : o,
            ).length;
          }
        if (count === 0) {
          checked++;
          continue;
        }
        // Both evaluations scan the cluster's rules per flow; the what-if overlay copies them.
        const cost = (2 * count + 1) * (cc.rules.length + 1);
        if (cost > budget) {
          skipped.push({ resource, path: c.path });
          continue;
        }
        budget -= cost;
        checked++;
        const flows: Flow[] = [];
        for (const s of subjects) {
          for (const o of peers) {
            if (o.ref === s.ref) continue;
            const [src, dst] = c.direction === 'ingress' ? [o, s] : [s, o];
            for (const p of flowPorts(c.ports, dst)) {
              flows.push({
                from: { workload: src.ref },
                to: { workload: dst.ref },
                protocol: p.protocol,
                port: p.port,
              });
            }
          }
        }
        const side = (o: Overlay, f: Flow) => {
          const v = explainFlow(o, f);
          return c.direction === 'ingress' ? v.ingress : v.egress;
        };
        const mine = flows.filter(f =>
          side(overlay, f).rules.some(d => same(d, c)),
        );
        if (mine.length === 0) continue;
        const without = overlayWith(overlay, [
          withRule(c.policy, c.path, c.neutral),
        ]);
        const others: DecidingRule[] = [];
        const redundant = mine.every(f => {
          const s = side(without, f);
          if (s.allowed) others.push(...s.rules);
          return s.allowed;
        });
        if (!redundant) continue;
        const related = others
          .filter(
            (d, i) =>
              d.location &&
              others.findIndex(
                x =>
                  x.policyId === d.policyId &&
                  x.ruleIndex === d.ruleIndex &&
                  x.section === d.section,
              ) === i,
          )
          .slice(0, 5)
          .map(d => ({
            ...d.location!,
            message: `also allows it: ${d.policyKind} ${d.policyName} ${d.section}[${d.ruleIndex}]`,
          }));
        hits.push({
          resource,
          path: c.path,
          message: `redundant: all ${mine.length} flow(s) this rule allows are allowed without it (${[...new Set(others.map(d => `${d.policyName} ${d.section}[${d.ruleIndex}]`))].slice(0, 3).join(', ')}).`,
          related: related.length ? related : undefined,
        });
      }
    }
    if (skipped.length > 0) {
      // Say so rather than let "no finding" read as "not redundant".
      hits.push({
        ...skipped[0],
        message: `redundancy not checked for ${skipped.length} of ${total} allow rule(s) (this one and ${skipped.length - 1} more): the analysis stopped at its work bound on this overlay; ${checked} were checked.`,
      });
    }
    return hits;
  },
);
