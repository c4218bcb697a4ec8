import { defineRule } from '../rule';
import { portText } from '../util/access';
import { portRules, ports, protocolOf, type PortRuleRef } from '../util/l7';
import { ciliumRules, l3Present, type CiliumRuleRef } from '../util/policies';
import { scopeResources } from '../util/scope';
import { rangeOf, uriOf } from '../util/text';
import { CILIUM_KINDS, cnp } from './examples';

/** The rule's peers as comparable text; '*' when it has no L3 peer (every peer). */
function peerKey(r: CiliumRuleRef): string {
  const l3 = l3Present(r);
  if (l3.length === 0) return '*';
  return JSON.stringify(l3.map(f => [f, r.rule[f]]));
}

/**
 * Rules with the same key select the same subject: same spec, or same kind, namespace and
 * endpoint selector (a spec's own kind/namespace/selector always match it).
 */
function subjectKey(r: CiliumRuleRef): string {
  return JSON.stringify([
    r.direction,
    r.owner.kind,
    r.owner.namespace ?? null,
    String(JSON.stringify(r.owner.spec.endpointSelector)),
  ]);
}

interface Candidate {
  ref: CiliumRuleRef;
  peer: string;
}

/**
 * The allows in scope grouped by direction and subject, in input order, each with its peer key:
 * computed once per run instead of once per (L7 rule, candidate) pair.
 */
function candidatesBySubject(all: CiliumRuleRef[]): Map<string, Candidate[]> {
  const out = new Map<string, Candidate[]>();
  for (const ref of all) {
    if (ref.deny) continue;
    if (ref.rule.toPorts === undefined && l3Present(ref).length === 0) continue;
    const key = subjectKey(ref);
    const list = out.get(key) ?? [];
    if (list.length === 0) out.set(key, list);
    list.push({ ref, peer: peerKey(ref) });
  }
  return out;
}

/** An L4-only allow covers this L7 port (same or every port, protocol compatible). */
function l4Covers(l4: CiliumRuleRef, l7: PortRuleRef): boolean {
  if (l4.rule.toPorts === undefined) return true;
  const wanted = ports(l7);
  return portRules(l4)
    .filter(pr => pr.l7.length === 0)
    .some(pr => {
      const have = ports(pr);
      if (have.length === 0) return true;
      return wanted.every(w =>
        have.some(h => {
          const hp = portText(h.port) ?? '0';
          const sameProto =
            protocolOf(h) === 'ANY' || protocolOf(h) === protocolOf(w);
          return sameProto && (hp === '0' || hp === (portText(w.port) ?? '0'));
        }),
      );
    });
}

/** C14: an L4-only allow for the same peer and port voids the L7 restriction. */
export const l7VoidedByL4 = defineRule(
  {
    id: 'cilium-l7-voided-by-l4',
    semanticsId: 'C14',
    title: 'L7 rule voided by an L4 allow',
    severity: 'warning',
    category: 'l7',
    threat: 'unauthorized-access',
    rationale:
      'A request is allowed if any allow for the same peer and port has no L7 rules. An L4-only allow next to an L7 allow (in the same or another policy selecting the same endpoints) cancels the L7 restriction silently: `POST /admin` passes although only `GET /public` was meant.',
    badExample: cnp(`
endpointSelector:
  matchLabels:
    app: api
ingress:
  - fromEndpoints:
      - matchLabels:
          app: web
    toPorts:
      - ports:
          - port: "80"
            protocol: TCP
        rules:
          http:
            - method: GET
              path: /public
  - fromEndpoints:
      - matchLabels:
          app: web
    toPorts:
      - ports:
          - port: "80"
            protocol: TCP
`),
    goodExample: cnp(`
endpointSelector:
  matchLabels:
    app: api
ingress:
  - fromEndpoints:
      - matchLabels:
          app: web
    toPorts:
      - ports:
          - port: "80"
            protocol: TCP
        rules:
          http:
            - method: GET
              path: /public
  - fromEndpoints:
      - matchLabels:
          app: web
    toPorts:
      - ports:
          - port: "9090"
            protocol: TCP
`),
    appliesTo: CILIUM_KINDS,
    needsContext: false,
  },
  ctx => {
    const bySubject = candidatesBySubject(ciliumRules(scopeResources(ctx)));
    return ciliumRules(ctx.resources)
      .filter(r => !r.deny)
      .flatMap(r => {
        const l7Rules = portRules(r).filter(
          pr => pr.l7.length > 0 && !pr.l7.every(k => k === 'dns'),
        );
        if (l7Rules.length === 0) return [];
        const peer = peerKey(r);
        const candidates = (bySubject.get(subjectKey(r)) ?? []).filter(
          o => o.peer === peer || o.peer === '*',
        );
        return l7Rules.flatMap(pr => {
          const voiding = candidates.find(o => l4Covers(o.ref, pr))?.ref;
          if (!voiding) return [];
          return [
            {
              resource: r.resource,
              path: [...pr.path, 'rules'],
              atKey: true,
              message: `this ${pr.l7.join('/')} restriction is void: another allow for the same peers and port has no L7 rules, so every request passes.`,
              related: [
                {
                  uri: uriOf(voiding.resource),
                  range: rangeOf(voiding.resource, voiding.path),
                  message: 'L4-only allow for the same peer and port',
                },
              ],
            },
          ];
        });
      });
  },
);
