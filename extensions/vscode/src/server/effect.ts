import {
  compileOverlay,
  peerMatches,
  subjectMatches,
  viewExternal,
  viewWorkload,
  type Overlay,
  type Policy,
  type PortEntry,
  type Rule,
} from '@ytknetwork/common';

/** One allowed (or, across ClusterMesh with mutual auth, dropped) edge a policy opens. */
export interface EffectEdge {
  direction: 'ingress' | 'egress';
  /** The subject workload (WorkloadRef). */
  subject: string;
  /** A WorkloadRef, or `entity:<name>` / `cidr:<text>` / `fqdn`-like peers. */
  peer: string;
  peerIsWorkload: boolean;
  ports: string;
  crossCluster: boolean;
  /** Mutual auth required across clusters: Cilium drops it (SEMANTICS §2.14). */
  dropped: boolean;
  /** `pass`: an AdminNetworkPolicy rule that defers to NetworkPolicy. */
  action: 'allow' | 'deny' | 'pass';
}

export interface PolicyEffect {
  policy: Policy;
  subjects: string[];
  edges: EffectEdge[];
  /** The enforcer does not apply this policy (e.g. a CNP in a cluster without Cilium). */
  invalid?: string;
}

const ENTITIES = [
  'world',
  'host',
  'remote-node',
  'kube-apiserver',
  'ingress',
  'health',
  'init',
  'unmanaged',
];

function portText(ports: Rule['ports']): string {
  if (ports === 'all') return 'any port';
  if (!ports.length) return 'no port';
  return ports
    .map((p: PortEntry) => {
      let num = p.name ?? '*';
      if (!p.name && p.port !== undefined)
        num = p.endPort ? `${p.port}-${p.endPort}` : String(p.port);
      return `${num}/${p.protocols.join('|')}${p.l7 ? ' (L7)' : ''}`;
    })
    .join(', ');
}

function peerText(m: Rule['peers'][number]): string | undefined {
  if (m.kind === 'cidr') return `cidr:${m.text}`;
  if (m.kind === 'any') return 'entity:all';
  return undefined;
}

/** The rules the engine compiled from this policy (matched by policy id). */
export function rulesOf(overlay: Overlay, policyId: string): Rule[] {
  return compileOverlay(overlay).rules.filter(
    r => r.meta.policyId === policyId,
  );
}

/**
 * What one policy does in the overlay: the workloads it selects and, per rule, which peers it
 * lets in or out on which ports. Computed with the engine's own matchers (compileOverlay,
 * subjectMatches, peerMatches), so it means exactly what `explain` means for this policy's rules.
 */
export function policyEffect(overlay: Overlay, policy: Policy): PolicyEffect {
  const compiled = compileOverlay(overlay);
  const cc = compiled.clusters.get(policy.cluster);
  const result: PolicyEffect = { policy, subjects: [], edges: [] };
  if (!cc) return result;
  const invalid = cc.invalid.find(i => i.policy.id === policy.id);
  if (invalid) result.invalid = invalid.reason;
  const rules = cc.rules.filter(r => r.meta.policyId === policy.id);
  const subjects = new Set<string>();
  const seen = new Set<string>();
  for (const rule of rules) {
    const ruleSubjects = cc.state.workloads.filter(w => {
      const info = compiled.workloads.get(w.ref);
      return !!info && subjectMatches(rule.subject, info);
    });
    for (const s of ruleSubjects) subjects.add(s.ref);
    if (!rule.peers.length || !ruleSubjects.length) continue;
    const peers: Array<{ id: string; workload: boolean; cluster?: string }> =
      [];
    for (const info of compiled.workloads.values()) {
      const view = viewWorkload(info, cc.ctx);
      if (rule.peers.some(m => peerMatches(m, view, cc.ctx)))
        peers.push({
          id: info.workload.ref,
          workload: true,
          cluster: info.workload.cluster,
        });
    }
    for (const entity of ENTITIES) {
      const view = viewExternal({ entity }, cc.ctx);
      // `any` and CIDR peers are shown once, as written, not as every entity they cover.
      const matches = rule.peers.some(
        m =>
          m.kind !== 'cidr' && m.kind !== 'any' && peerMatches(m, view, cc.ctx),
      );
      if (matches) peers.push({ id: `entity:${entity}`, workload: false });
    }
    for (const m of rule.peers) {
      const text = peerText(m);
      if (text) peers.push({ id: text, workload: false });
    }
    const ports = portText(rule.ports);
    for (const s of ruleSubjects) {
      for (const p of peers) {
        if (p.workload && p.id === s.ref) continue;
        const crossCluster = !!p.cluster && p.cluster !== s.cluster;
        const key = `${rule.direction}|${s.ref}|${p.id}|${ports}|${rule.action}`;
        if (seen.has(key)) continue;
        seen.add(key);
        result.edges.push({
          direction: rule.direction,
          subject: s.ref,
          peer: p.id,
          peerIsWorkload: p.workload,
          ports,
          crossCluster,
          dropped:
            rule.action === 'allow' &&
            ((crossCluster && rule.auth === 'required') ||
              rule.auth === 'always-fail'),
          action: rule.action,
        });
      }
    }
  }
  result.subjects = [...subjects].sort();
  return result;
}

/** "selects 4 workloads · opens 3 inbound flows · 1 outbound" */
export function effectSummary(e: PolicyEffect): string {
  if (e.invalid) return `not enforced: ${e.invalid}`;
  const n = e.subjects.length;
  const count = (dir: 'ingress' | 'egress') =>
    e.edges.filter(
      x => x.direction === dir && x.action === 'allow' && !x.dropped,
    ).length;
  const dropped = e.edges.filter(x => x.dropped).length;
  const parts = [
    `selects ${n} workload${n === 1 ? '' : 's'}`,
    `opens ${count('ingress')} inbound flow${count('ingress') === 1 ? '' : 's'}`,
    `${count('egress')} outbound`,
  ];
  if (dropped) parts.push(`⚠ ${dropped} dropped (mutual auth across clusters)`);
  return parts.join(' · ');
}

/** Policies whose source is this file, in document order. */
export function policiesIn(overlay: Overlay, uri: string): Policy[] {
  const out: Policy[] = [];
  for (const c of overlay.clusters)
    for (const p of c.policies) if (p.source?.uri === uri) out.push(p);
  return out.sort(
    (a, b) =>
      (a.source?.range.start.line ?? 0) - (b.source?.range.start.line ?? 0),
  );
}

/** The policy whose document contains a line of the file. */
export function policyAtLine(
  overlay: Overlay,
  uri: string,
  line: number,
): Policy | undefined {
  return policiesIn(overlay, uri).find(p => {
    const r = p.document?.range ?? p.source?.range;
    return !!r && line >= r.start.line && line <= r.end.line;
  });
}

/** Workloads matched by the peers of one rule (section/spec/rule index) of a policy. */
export function peerWorkloads(
  overlay: Overlay,
  policy: Policy,
  section: string,
  specIndex: number,
  ruleIndex: number,
): string[] {
  const compiled = compileOverlay(overlay);
  const cc = compiled.clusters.get(policy.cluster);
  if (!cc) return [];
  const rules = cc.rules.filter(
    r =>
      r.meta.policyId === policy.id &&
      r.meta.section === section &&
      r.meta.specIndex === specIndex &&
      r.meta.ruleIndex === ruleIndex,
  );
  const out: string[] = [];
  for (const info of compiled.workloads.values()) {
    const view = viewWorkload(info, cc.ctx);
    if (rules.some(r => r.peers.some(m => peerMatches(m, view, cc.ctx))))
      out.push(info.workload.ref);
  }
  return out.sort();
}
