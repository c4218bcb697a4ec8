import type {
  ClusterState,
  Connection,
  Endpoint,
  Finding,
  Overlay,
  SourceLocation,
  Workload,
} from '../model';
import { isNodeTraffic } from '../model/overlay';
import { computeConnectivity } from '../connectivity/compute';
import { compileOverlay } from '../policy/compile';
import { subjectMatches } from '../policy/peers';
import type { Rule } from '../policy/types';
import { namesGateway } from '../lint/rules/ciliumEntityWorld';
import { spiffeIdError } from '../lint/util/spiffe';
import { POSTURE_CATALOGUE_VERSION, POSTURE_REQUIREMENTS } from './catalogue';
import type {
  PostureEvidence,
  PostureReport,
  PostureResult,
  PostureScope,
  PostureStatus,
  ResidualRisk,
  Stride,
} from './types';

export interface AssessOptions {
  /** Lint findings over the same input: attached as evidence to the requirements they bear on. */
  findings?: Finding[];
}

/** Severity order of statuses, worst first. */
const RANK: Record<PostureStatus, number> = {
  'not met': 0,
  partly: 1,
  unknown: 2,
  met: 3,
};

/** The worst of some statuses (`met` for none). */
export function worstStatus(statuses: PostureStatus[]): PostureStatus {
  return statuses.reduce<PostureStatus>(
    (a, b) => (RANK[b] < RANK[a] ? b : a),
    'met',
  );
}

const STRIDE: Stride[] = [
  'spoofing',
  'tampering',
  'repudiation',
  'information-disclosure',
  'denial-of-service',
  'elevation-of-privilege',
];

const WORLD_CIDRS = new Set(['0.0.0.0/0', '::/0']);

function isWorld(e: Endpoint): boolean {
  if ('entity' in e) return e.entity === 'world' || e.entity === 'all';
  if ('cidr' in e) return WORLD_CIDRS.has(e.cidr);
  return false;
}

const refOf = (e: Endpoint) => ('workload' in e ? e.workload : undefined);

/** The first value whose condition holds (the last entry is the default). */
function pick<T>(...cases: Array<[boolean, T]>): T {
  return (cases.find(([when]) => when) ?? cases[cases.length - 1])[1];
}

function endpointText(e: Endpoint): string {
  if ('workload' in e) return e.workload;
  if ('entity' in e)
    return `entity ${e.entity}${e.cluster ? ` (${e.cluster})` : ''}`;
  return `cidr ${e.cidr}`;
}

/** A workload that is a gateway by the words of its name and labels (as lint C04 decides). */
export function isGatewayWorkload(w: Workload): boolean {
  return (
    namesGateway(w.name) ||
    Object.entries(w.labels).some(
      ([k, v]) => namesGateway(k) || namesGateway(v),
    )
  );
}

/** Is a workload in the scope? Each list read once into a set (scopes can hold thousands). */
function scopeTest(s: PostureScope): (w: Workload) => boolean {
  const clusters = s.clusters && new Set(s.clusters);
  const namespaces = s.namespaces && new Set(s.namespaces);
  const refs = s.workloads && new Set(s.workloads);
  return w =>
    (!clusters || clusters.has(w.cluster)) &&
    (!namespaces || namespaces.has(w.namespace)) &&
    (!refs || refs.has(w.ref));
}

/** Items by a key, in their order; items without a key are left out. */
function groupBy<T>(
  items: readonly T[],
  key: (item: T) => string | undefined,
): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function portsText(c: Connection): string {
  const ports =
    c.ports !== 'all' && c.ports.length === 0 && c.authDropped
      ? c.authDropped
      : c.ports;
  if (ports === 'all') return 'all ports';
  return ports
    .map(
      p => `${p.port ?? '*'}${p.endPort ? `-${p.endPort}` : ''}/${p.protocol}`,
    )
    .join(', ');
}

/**
 * The security posture of a scope (a team's workloads, or everything): per trust boundary and
 * per requirement of the catalogue, a status with its evidence, and the residual risk by STRIDE
 * category. Built on the engine's own connectivity, compiled rules and overlay model.
 */
export function assessPosture(
  overlay: Overlay,
  scope: PostureScope = {},
  options: AssessOptions = {},
): PostureReport {
  const co = compileOverlay(overlay);
  const inScope = scopeTest(scope);
  const byName = new Map(overlay.clusters.map(c => [c.name, c]));
  const workloads = overlay.clusters.flatMap(c => c.workloads.filter(inScope));
  const wByRef = new Map(
    overlay.clusters.flatMap(c => c.workloads.map(w => [w.ref, w] as const)),
  );
  const clusterNames = [...new Set(workloads.map(w => w.cluster))].sort();
  const namespaces = [
    ...new Set(workloads.map(w => `${w.cluster}/${w.namespace}`)),
  ].sort();
  const conn = computeConnectivity(overlay, {
    clusters: scope.clusters,
    namespaces: scope.namespaces,
    workloads: scope.workloads,
  }).connections.filter(c => {
    const a = refOf(c.from);
    const b = refOf(c.to);
    return (a && wByRef.has(a) && inScope(wByRef.get(a)!)) ||
      (b && wByRef.has(b) && inScope(wByRef.get(b)!))
      ? true
      : false;
  });
  const crossCluster = conn.filter(c => c.crossCluster);
  const results: PostureResult[] = [];

  // Where each source file belongs: findings are evidence at these boundaries.
  const uriBoundary = new Map<string, Set<string>>();
  const mark = (loc: SourceLocation | undefined, boundary: string) => {
    if (!loc) return;
    const set = uriBoundary.get(loc.uri) ?? new Set<string>();
    set.add(boundary);
    uriBoundary.set(loc.uri, set);
  };
  for (const c of overlay.clusters) {
    for (const n of c.namespaces) mark(n.source, `${c.name}/${n.name}`);
    for (const w of c.workloads) mark(w.source, `${c.name}/${w.namespace}`);
    for (const p of c.policies)
      mark(p.source, p.namespace ? `${c.name}/${p.namespace}` : c.name);
    for (const r of [
      ...c.spiffe.clusterSpiffeIds,
      ...c.spiffe.federatedTrustDomains,
    ])
      mark(r.source, c.name);
    for (const u of c.unknown) mark(u.source, c.name);
  }
  const findingsAt = (
    requirement: string,
    boundaries: string[],
  ): PostureEvidence[] => {
    const req = POSTURE_REQUIREMENTS.find(r => r.id === requirement)!;
    return (options.findings ?? [])
      .filter(
        f =>
          req.lintRules.includes(f.ruleId) &&
          boundaries.some(b => uriBoundary.get(f.uri)?.has(b)),
      )
      .map(f => ({
        kind: 'finding' as const,
        text: `${f.severity} ${f.ruleId}: ${f.message}`,
        ref: f.ruleId,
        location: { uri: f.uri, range: f.range },
      }));
  };
  const push = (r: PostureResult) => results.push(r);
  const flagsOf = (c: ClusterState) => c.cilium;
  const configEvidence = (
    c: ClusterState,
    key: string,
    value: string | undefined,
  ): PostureEvidence => {
    const cm = c.unknown.find(
      u =>
        u.object.kind === 'ConfigMap' &&
        u.object.metadata?.name === 'cilium-config',
    );
    return {
      kind: 'cilium-config',
      text: `${c.name} cilium-config ${key}=${value ?? '(unset)'}`,
      ref: key,
      location: cm?.document
        ? { uri: cm.document.uri, range: cm.document.rangeOf(['data', key]) }
        : cm?.source,
    };
  };

  // PR01 / PR02: default deny per namespace and direction.
  // The rules that isolate (default deny, policy layer), per cluster and direction: read once.
  const isolating = new Map<string, Rule[]>();
  const isolatingRules = (cluster: string, direction: 'ingress' | 'egress') => {
    const key = `${cluster} ${direction}`;
    let rules = isolating.get(key);
    if (!rules) {
      // calico: a tier whose defaultAction is Deny applying to the workload (docs/calico.md).
      rules = (co.clusters.get(cluster)?.rules ?? []).filter(
        r =>
          r.direction === direction &&
          (r.calico
            ? !!r.calico.tierDefault && r.action === 'deny'
            : r.layer === undefined && r.defaultDeny),
      );
      isolating.set(key, rules);
    }
    return rules;
  };
  const isolation = (w: Workload, direction: 'ingress' | 'egress') => {
    const cc = co.clusters.get(w.cluster);
    const info = co.workloads.get(w.ref);
    if (!cc || !info) return { isolated: false, by: [] as PostureEvidence[] };
    const f = cc.ctx.flags;
    if (f && (f.enablePolicy === 'never' || f.policyAuditMode))
      return { isolated: false, by: [], off: true };
    if (f?.enablePolicy === 'always')
      return {
        isolated: true,
        by: [configEvidence(cc.state, 'enable-policy', 'always')],
      };
    const seen = new Set<string>();
    const by: PostureEvidence[] = [];
    for (const r of isolatingRules(w.cluster, direction)) {
      if (seen.has(r.meta.policyId) || !subjectMatches(r.subject, info))
        continue;
      seen.add(r.meta.policyId);
      by.push({
        kind: 'policy',
        text: `${r.meta.policyKind} ${r.meta.namespace ? `${r.meta.namespace}/` : ''}${r.meta.policyName} isolates ${direction}`,
        ref: r.meta.policyId,
        location: r.meta.location,
      });
    }
    return { isolated: by.length > 0, by };
  };
  for (const [id, direction] of [
    ['PR01', 'ingress'],
    ['PR02', 'egress'],
  ] as const) {
    for (const ns of namespaces) {
      const members = workloads.filter(
        w => `${w.cluster}/${w.namespace}` === ns && !isNodeTraffic(w),
      );
      if (members.length === 0) continue;
      const evidence: PostureEvidence[] = [];
      let isolated = 0;
      let off = false;
      for (const w of members) {
        const iso = isolation(w, direction);
        if (iso.off) off = true;
        if (iso.isolated) isolated++;
        else
          evidence.push({
            kind: 'workload',
            text: `${w.ref} is not ${direction}-isolated: it accepts all ${direction === 'ingress' ? 'inbound' : 'outbound'} traffic`,
            ref: w.ref,
            location: w.source,
          });
        for (const e of iso.by)
          if (!evidence.some(x => x.ref === e.ref)) evidence.push(e);
      }
      const status: PostureStatus = pick<PostureStatus>(
        [isolated === members.length, 'met'],
        [isolated === 0, 'not met'],
        [true, 'partly'],
      );
      push({
        requirement: id,
        boundary: ns,
        boundaryKind: 'namespace',
        status,
        summary: off
          ? `policy is not enforced in ${ns.split('/')[0]} (audit mode or enable-policy=never)`
          : `${isolated} of ${members.length} workload(s) ${direction}-isolated`,
        evidence: [...evidence, ...findingsAt(id, [ns])],
      });
    }
  }

  // PR03 / PR04 / PR05: egress to the internet, exposure to the internet and to other clusters.
  // The connections of each workload, indexed once (not one scan of them all per workload).
  const toWorld = groupBy(
    conn.filter(c => isWorld(c.to)),
    c => refOf(c.from),
  );
  const fromWorld = groupBy(
    conn.filter(c => isWorld(c.from)),
    c => refOf(c.to),
  );
  const fromRemote = groupBy(crossCluster, c => refOf(c.to));
  for (const w of workloads) {
    const gateway = isGatewayWorkload(w);
    const ns = `${w.cluster}/${w.namespace}`;
    const out = toWorld.get(w.ref) ?? [];
    const inn = fromWorld.get(w.ref) ?? [];
    const connEv = (c: Connection, text: string): PostureEvidence => ({
      kind: 'connection',
      text: `${endpointText(c.from)} → ${endpointText(c.to)} (${portsText(c)}): ${text}`,
    });
    push({
      requirement: 'PR03',
      boundary: w.ref,
      boundaryKind: 'workload',
      status: out.length === 0 || gateway ? 'met' : 'not met',
      summary: pick(
        [out.length === 0, 'no egress to world'],
        [gateway, 'egress to world, allowed for a gateway'],
        [true, 'egress to world from a workload that is not a gateway'],
      ),
      evidence: [
        ...out.map(c => connEv(c, 'allowed')),
        ...(out.length ? findingsAt('PR03', [ns]) : []),
      ],
    });
    push({
      requirement: 'PR04',
      boundary: w.ref,
      boundaryKind: 'workload',
      status: inn.length === 0 || gateway ? 'met' : 'not met',
      summary: pick(
        [inn.length === 0, 'not reachable from world'],
        [gateway, 'reachable from world, as a gateway'],
        [true, 'reachable from world but not a gateway'],
      ),
      evidence: [
        ...inn.map(c => connEv(c, 'allowed')),
        ...findingsAt('PR04', [ns]),
      ],
    });
    const remote = fromRemote.get(w.ref) ?? [];
    const broad = findingsAt('PR05', [ns]).filter(
      f => f.ref === 'cluster-peer-matches-all-clusters',
    );
    const flags = byName.get(w.cluster)?.cilium;
    const defaultLocalOff = flags ? !flags.policyDefaultLocalCluster : false;
    push({
      requirement: 'PR05',
      boundary: w.ref,
      boundaryKind: 'workload',
      status: pick<PostureStatus>(
        [remote.length === 0 && !defaultLocalOff, 'met'],
        [broad.length > 0, 'not met'],
        [defaultLocalOff, 'partly'],
        [true, 'met'],
      ),
      summary:
        remote.length === 0
          ? 'not reachable from other clusters'
          : `reachable from ${remote.length} peer(s) in other clusters`,
      evidence: [
        ...remote.map(c =>
          connEv(
            c,
            c.authDropped
              ? 'dropped: mutual auth required across ClusterMesh'
              : 'allowed, cross-cluster',
          ),
        ),
        ...(defaultLocalOff && flags
          ? [
              configEvidence(
                byName.get(w.cluster)!,
                'policy-default-local-cluster',
                'false',
              ),
            ]
          : []),
        ...broad,
      ],
    });
  }

  // PR06: transparent encryption in each cluster with cross-cluster traffic.
  const touches = (cluster: string) =>
    crossCluster.filter(c =>
      [c.from, c.to].some(e => {
        const r = refOf(e);
        return r !== undefined && wByRef.get(r)?.cluster === cluster;
      }),
    );
  for (const name of clusterNames) {
    const c = byName.get(name)!;
    const flags = flagsOf(c);
    const traffic = touches(name);
    const ev: PostureEvidence[] = [];
    let status: PostureStatus;
    let summary: string;
    if (!flags) {
      status = traffic.length ? 'unknown' : 'met';
      summary = traffic.length
        ? 'no cilium-config: encryption unknown'
        : 'no cross-cluster connection';
    } else {
      const wg = flags.raw['enable-wireguard']?.trim().toLowerCase() === 'true';
      const ipsec = flags.raw['enable-ipsec']?.trim().toLowerCase() === 'true';
      ev.push(
        configEvidence(c, 'enable-wireguard', flags.raw['enable-wireguard']),
      );
      ev.push(configEvidence(c, 'enable-ipsec', flags.raw['enable-ipsec']));
      if (wg || ipsec) {
        status = 'met';
        summary = `transparent encryption: ${wg ? 'WireGuard' : 'IPsec'}`;
      } else if (traffic.length === 0) {
        status = 'met';
        summary = 'no cross-cluster connection (and no transparent encryption)';
      } else {
        status = 'not met';
        summary = `${traffic.length} cross-cluster connection(s) without transparent encryption`;
      }
    }
    push({
      requirement: 'PR06',
      boundary: name,
      boundaryKind: 'cluster',
      status,
      summary,
      evidence: [
        ...ev,
        ...findingsAt(
          'PR06',
          namespaces.filter(n => n.startsWith(`${name}/`)),
        ),
      ],
    });
  }

  // PR07: mutual authentication across ClusterMesh — never met by Cilium (§2.14).
  {
    const ev: PostureEvidence[] = crossCluster.map(c => ({
      kind: 'connection' as const,
      text: `${endpointText(c.from)} → ${endpointText(c.to)} (${portsText(c)}): ${
        c.authDropped
          ? 'dropped — mutual auth is required but does not work across ClusterMesh'
          : 'allowed without mutual authentication'
      }`,
    }));
    push({
      requirement: 'PR07',
      boundary: 'mesh',
      boundaryKind: 'mesh',
      status: crossCluster.length === 0 ? 'met' : 'not met',
      summary:
        crossCluster.length === 0
          ? 'no cross-cluster connection'
          : `${crossCluster.length} cross-cluster connection(s), none mutually authenticated (Cilium mutual auth does not work across ClusterMesh)`,
      evidence: [
        ...ev,
        ...findingsAt('PR07', [...namespaces, ...clusterNames]),
      ],
    });
  }

  // PR08: SPIFFE IDs issued.
  for (const w of workloads) {
    const c = byName.get(w.cluster)!;
    const regs: PostureEvidence[] = c.spiffe.clusterSpiffeIds.map(r => ({
      kind: 'spire' as const,
      text: `ClusterSPIFFEID ${r.object.metadata?.name ?? ''} in ${c.name}`,
      ref: r.object.metadata?.name,
      location: r.source,
    }));
    const bad = w.spiffeIds
      .map(id => ({ id, error: spiffeIdError(id) }))
      .filter(x => x.error);
    const good = w.spiffeIds.filter(id => !spiffeIdError(id));
    const ev: PostureEvidence[] = [
      ...good.map(id => ({
        kind: 'spire' as const,
        text: `SPIFFE ID ${id}`,
        ref: id,
      })),
      ...bad.map(x => ({
        kind: 'spire' as const,
        text: `SPIFFE ID ${x.id} is invalid: ${x.error}`,
        ref: x.id,
      })),
    ];
    push({
      requirement: 'PR08',
      boundary: w.ref,
      boundaryKind: 'workload',
      status: pick<PostureStatus>(
        [good.length > 0 && bad.length === 0, 'met'],
        [good.length > 0, 'partly'],
        [true, 'not met'],
      ),
      summary: pick(
        [
          w.spiffeIds.length === 0 && c.spiffe.clusterSpiffeIds.length === 0,
          `no ClusterSPIFFEID in ${c.name}`,
        ],
        [w.spiffeIds.length === 0, 'no ClusterSPIFFEID selects this workload'],
        [
          bad.length > 0,
          `${bad.length} rendered SPIFFE ID(s) invalid: no SVID is issued for them`,
        ],
        [true, 'SPIFFE ID issued'],
      ),
      evidence: [
        ...ev,
        ...regs,
        ...findingsAt('PR08', [c.name, `${c.name}/${w.namespace}`]),
      ],
    });
  }

  // PR09: federation with the trust domain of every cross-cluster peer.
  for (const name of clusterNames) {
    const c = byName.get(name)!;
    const peers = new Set<string>();
    for (const x of touches(name))
      for (const e of [x.from, x.to]) {
        const r = refOf(e);
        const pc = r ? wByRef.get(r)?.cluster : undefined;
        if (pc && pc !== name) peers.add(pc);
      }
    const ev: PostureEvidence[] = [];
    let ok = 0;
    let unknown = 0;
    for (const p of [...peers].sort()) {
      const td = byName.get(p)?.spiffe.trustDomain;
      if (!td) {
        unknown++;
        ev.push({ kind: 'spire', text: `trust domain of ${p} unknown` });
        continue;
      }
      const ftd = c.spiffe.federatedTrustDomains.find(
        f => f.object.spec?.trustDomain === td,
      );
      const fed = c.spiffe.clusterSpiffeIds.some(s =>
        (s.object.spec.federatesWith ?? []).includes(td),
      );
      if (ftd && fed) ok++;
      ev.push({
        kind: 'spire',
        text: ftd
          ? `ClusterFederatedTrustDomain ${ftd.object.metadata?.name ?? ''} for ${td} (${p})${fed ? ', ClusterSPIFFEID federatesWith it' : ', but no ClusterSPIFFEID federatesWith it'}`
          : `no ClusterFederatedTrustDomain for ${td} (${p})`,
        ref: td,
        location: ftd?.source,
      });
    }
    const n = peers.size;
    push({
      requirement: 'PR09',
      boundary: name,
      boundaryKind: 'cluster',
      status: pick<PostureStatus>(
        [n === 0 || ok === n, 'met'],
        [ok === 0 && unknown === n, 'unknown'],
        [ok === 0, 'not met'],
        [true, 'partly'],
      ),
      summary:
        n === 0
          ? 'no cross-cluster peer'
          : `federated with ${ok} of ${n} peer cluster(s)`,
      evidence: [...ev, ...findingsAt('PR09', [name])],
    });
  }

  // PR10: enforcement on.
  for (const name of clusterNames) {
    const c = byName.get(name)!;
    const f = c.cilium;
    if (!f) {
      push({
        requirement: 'PR10',
        boundary: name,
        boundaryKind: 'cluster',
        status: 'unknown',
        summary:
          'no cilium-config: whether the CNI enforces NetworkPolicy is not known',
        evidence: [],
      });
      continue;
    }
    const off = f.enablePolicy === 'never' || f.policyAuditMode;
    push({
      requirement: 'PR10',
      boundary: name,
      boundaryKind: 'cluster',
      status: off ? 'not met' : 'met',
      summary: pick(
        [
          off && f.policyAuditMode,
          'policy-audit-mode is on: nothing is enforced',
        ],
        [off, 'enable-policy=never: nothing is enforced'],
        [true, `enable-policy=${f.enablePolicy}, audit mode off`],
      ),
      evidence: [
        configEvidence(c, 'enable-policy', f.raw['enable-policy']),
        configEvidence(c, 'policy-audit-mode', f.raw['policy-audit-mode']),
        ...findingsAt('PR10', [name]),
      ],
    });
  }

  const summary = POSTURE_REQUIREMENTS.map(r => ({
    requirement: r.id,
    status: worstStatus(
      results.filter(x => x.requirement === r.id).map(x => x.status),
    ),
  }));
  const residualRisk: ResidualRisk[] = STRIDE.map(stride => {
    const reqs = POSTURE_REQUIREMENTS.filter(r =>
      r.stride.includes(stride),
    ).map(r => r.id);
    const open = results.filter(
      x => reqs.includes(x.requirement) && x.status !== 'met',
    );
    return {
      stride,
      status: worstStatus(open.map(x => x.status)),
      open: [...new Set(open.map(x => x.requirement))].sort(),
      boundaries: [...new Set(open.map(x => x.boundary))].sort(),
    };
  });
  return {
    catalogueVersion: POSTURE_CATALOGUE_VERSION,
    overlayVersion: overlay.version,
    scope,
    results,
    summary,
    residualRisk,
  };
}
