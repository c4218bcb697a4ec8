/*
 * Full connectivity, evaluated per workload CLASS (same cluster, labels,
 * namespace labels, service account, named ports, addresses): each rule's
 * subject and peers are matched once per class, the rules that match a
 * (subject, peer) pair are interned in a trie, and each distinct trie node is
 * turned into an exact port set once. Pairs then only combine cached results.
 */
import { isNodeTraffic } from '../model/overlay';
import type {
  Connection,
  Connectivity,
  ConnectivityScope,
  Endpoint,
  Overlay,
  PortSpec,
  Protocol,
} from '../model';
// Imported from the defining modules, not the barrel: CommonJS builds turn `export *`
// into property getters, which showed up in profiles of the hot loops below.
import { layerOrder } from '../policy/adminNetworkPolicy';
import { calicoOrder } from '../policy/calico';
import { compileOverlay, type CompiledCluster } from '../policy/compile';
import {
  namedPortResolver,
  portTier,
  type NamedPortResolver,
} from '../policy/namedPorts';
import {
  peerMatches,
  subjectMatches,
  viewExternal,
  viewWorkload,
} from '../policy/peers';
import type {
  PeerMatcher,
  PeerView,
  Rule,
  WorkloadInfo,
} from '../policy/types';
import { IdentityIndex } from '../selectors/identityIndex';
import {
  addRange,
  emptyPortSet,
  fullPortSet,
  intersect,
  isEmpty,
  MAX_PORT,
  subtract,
  toPortSpec,
  union,
  type PortSet,
} from './portSet';

interface WorkloadClass {
  rep: WorkloadInfo;
  members: WorkloadInfo[];
  cluster: string;
  layout: number;
}

/** One side's outcome for a (subject, peer) pair: allowed ports, auth-required ports, always-fail ports. */
interface Side {
  allow: PortSet;
  auth: PortSet;
  fail: PortSet;
}

interface PairResult {
  ports: PortSpec;
  authRequired: boolean;
  authDropped?: PortSpec;
}

const sortedJson = (o: Record<string, string>) =>
  JSON.stringify(
    Object.keys(o)
      .sort()
      .map(k => [k, o[k]]),
  );

function classKey(i: WorkloadInfo): string {
  const w = i.workload;
  return [
    w.cluster,
    w.namespace,
    sortedJson(w.labels),
    sortedJson(w.namespaceLabels),
    w.serviceAccount,
    JSON.stringify(w.ports.map(p => [p.name, p.port, p.protocol])),
    isNodeTraffic(w),
    // AdminNetworkPolicy tells host-network pods apart even where NetworkPolicy does not (§1.8).
    w.hostNetwork,
    [...w.ips].sort().join(','),
  ].join('\u0001');
}

function peerKey(m: PeerMatcher): string {
  switch (m.kind) {
    case 'cidr':
      return `cidr:${m.text}:${m.matchPods}:${m.except.map(e => `${e.lo}-${e.hi}`).join(',')}`;
    case 'calico':
      return `calico:${m.cluster}:${m.entity.key}`;
    default:
      return JSON.stringify(m);
  }
}

/** Ports of a rule as a set, optionally only its entries of one specificity tier. */
function rulePorts(
  rule: Rule,
  resolve: NamedPortResolver,
  tier?: number,
): PortSet {
  if (rule.ports === 'all')
    return tier === undefined || tier === 2 ? fullPortSet() : emptyPortSet();
  const s = emptyPortSet();
  for (const e of rule.ports) {
    if (tier !== undefined && portTier(e) !== tier) continue;
    for (const protocol of e.protocols) {
      if (e.name !== undefined) {
        for (const n of resolve(protocol, e.name)) addRange(s, protocol, n, n);
      } else if (e.port === undefined) addRange(s, protocol, 1, MAX_PORT);
      else
        addRange(
          s,
          protocol,
          e.port,
          e.endPort !== undefined && e.endPort > e.port ? e.endPort : e.port,
        );
    }
  }
  return s;
}

const NO_NAMES: NamedPortResolver = () => [];

const hasNamed = (r: Rule) =>
  r.ports !== 'all' && r.ports.some(e => e.name !== undefined);

/**
 * The kubernetes enforcer with AdminNetworkPolicy / BaselineAdminNetworkPolicy (§1.8), per
 * port: the first matching ANP rule (priority, rule order) decides Allow / Deny, Pass or no
 * match goes on to NetworkPolicy when it isolates the subject (state 1), else to the first
 * matching BANP rule, else allowed. Same order as explainFlow's decideLayers.
 */
function computeLayeredSide(
  rules: Rule[],
  state: number,
  resolve: NamedPortResolver,
): Side {
  const admin = rules.filter(r => r.layer === 'admin').sort(layerOrder);
  const baseline = rules.filter(r => r.layer === 'baseline').sort(layerOrder);
  let undecided = fullPortSet();
  let passed = emptyPortSet();
  let allow = emptyPortSet();
  for (const r of admin) {
    const ps = intersect(rulePorts(r, resolve), undecided);
    undecided = subtract(undecided, ps);
    if (r.action === 'allow') allow = union(allow, ps);
    else if (r.action === 'pass') passed = union(passed, ps);
  }
  const rest = union(undecided, passed);
  if (state === 1) {
    let np = emptyPortSet();
    for (const r of rules)
      if (!r.layer && r.action === 'allow')
        np = union(np, rulePorts(r, resolve));
    allow = union(allow, intersect(rest, np));
  } else {
    let open = rest;
    for (const r of baseline) {
      const ps = intersect(rulePorts(r, resolve), open);
      open = subtract(open, ps);
      if (r.action === 'allow') allow = union(allow, ps);
    }
    allow = union(allow, open);
  }
  return { allow, auth: emptyPortSet(), fail: emptyPortSet() };
}

/**
 * The calico enforcer (§3.4), per port: rules in Calico order (tier, policy, rule), the first
 * matching one decides — allow / deny final, pass hands the port to the next tier, a tier
 * default (matches every port) denies or passes what is left of its tier. Ports nothing
 * decided are allowed by the profile. Same order as explainFlow's decideCalico.
 */
function computeCalicoSide(rules: Rule[], resolve: NamedPortResolver): Side {
  const ordered = [...rules].sort(calicoOrder);
  let undecided = fullPortSet();
  let allow = emptyPortSet();
  let tier: string | undefined;
  let open = undecided;
  for (const r of ordered) {
    if (r.calico!.tier !== tier) {
      tier = r.calico!.tier;
      open = undecided;
    }
    const ps = intersect(rulePorts(r, resolve), open);
    if (isEmpty(ps)) continue;
    open = subtract(open, ps);
    if (r.action === 'pass') continue;
    undecided = subtract(undecided, ps);
    if (r.action === 'allow') allow = union(allow, ps);
  }
  allow = union(allow, undecided);
  return { allow, auth: emptyPortSet(), fail: emptyPortSet() };
}

/** Side outcome from the matching rules (§1.7, §2.16 with ports as sets). state: 1 default deny, 2 allow-all base, 3 default deny but from the local host. */
function computeSide(
  rules: Rule[],
  state: number,
  resolve: NamedPortResolver,
): Side {
  if (rules.length && rules[0].layer === 'calico')
    return computeCalicoSide(rules, resolve);
  if (rules.some(r => r.layer !== undefined))
    return computeLayeredSide(rules, state, resolve);
  let allow = state === 1 ? emptyPortSet() : fullPortSet();
  let deny = emptyPortSet();
  const req = [emptyPortSet(), emptyPortSet(), emptyPortSet()];
  const dis = [emptyPortSet(), emptyPortSet(), emptyPortSet()];
  let fail = emptyPortSet();
  for (const r of rules) {
    const ps = rulePorts(r, resolve);
    if (r.action === 'deny') {
      deny = union(deny, ps);
      continue;
    }
    if (state === 1) allow = union(allow, ps);
    if (r.auth === 'none') continue;
    for (let t = 0; t < 3; t++) {
      const tp = rulePorts(r, resolve, t);
      if (r.auth === 'disabled') dis[t] = union(dis[t], tp);
      else req[t] = union(req[t], tp);
    }
    if (r.auth === 'always-fail') fail = union(fail, ps);
  }
  // Auth holds on a port when the most specific explicit `required` is not beaten by a more specific `disabled`.
  let auth = emptyPortSet();
  let disBelow = emptyPortSet();
  for (let t = 0; t < 3; t++) {
    auth = union(auth, subtract(req[t], disBelow));
    disBelow = union(disBelow, dis[t]);
  }
  const final = subtract(allow, deny);
  return {
    allow: final,
    auth: intersect(auth, final),
    fail: intersect(intersect(fail, auth), final),
  };
}

const OPEN: Side = {
  allow: fullPortSet(),
  auth: emptyPortSet(),
  fail: emptyPortSet(),
};

/** Enforcement state of a subject in a direction: 0 open, 1 default deny, 2 selected but allow-all base. */
function sideState(
  cc: CompiledCluster,
  rep: WorkloadInfo,
  rules: Rule[],
): number {
  const flags = cc.ctx.flags;
  if (isNodeTraffic(rep.workload)) return 0;
  if (flags && (flags.enablePolicy === 'never' || flags.policyAuditMode))
    return 0;
  if (flags?.enablePolicy === 'always') return 1;
  // Layered rules (ANP / BANP) never isolate: only NetworkPolicy does (§1.8).
  const own = cc.layered ? rules.filter(r => r.layer === undefined) : rules;
  if (!own.length) return 0;
  return own.some(r => r.defaultDeny) ? 1 : 2;
}

/** Whether a subject must be walked: isolated, or selected by layered rules. */
const walks = (cc: CompiledCluster, state: number, rules: Rule[]) =>
  state !== 0 || (cc.layered && rules.some(r => r.layer !== undefined));

export function computeConnectivity(
  overlay: Overlay,
  scope: ConnectivityScope = {},
): Connectivity {
  const co = compileOverlay(overlay);

  // Workload classes.
  const classes: WorkloadClass[] = [];
  const byKey = new Map<string, WorkloadClass>();
  const layouts = new Map<string, number>();
  for (const info of co.workloads.values()) {
    const key = classKey(info);
    let c = byKey.get(key);
    if (!c) {
      const lk = JSON.stringify(
        info.workload.ports.map(p => [p.name, p.port, p.protocol]),
      );
      if (!layouts.has(lk)) layouts.set(lk, layouts.size);
      c = {
        rep: info,
        members: [],
        cluster: info.workload.cluster,
        layout: layouts.get(lk)!,
      };
      byKey.set(key, c);
      classes.push(c);
    }
    c.members.push(info);
  }
  const C = classes.length;

  // External endpoints: world and every CIDR a rule mentions.
  const externals: Endpoint[] = [{ entity: 'world' }];
  const seenCidr = new Set<string>();
  const addCidr = (text: string) => {
    if (seenCidr.has(text)) return;
    seenCidr.add(text);
    externals.push({ cidr: text });
  };
  for (const r of co.rules) {
    for (const p of r.peers) {
      if (p.kind === 'cidr') addCidr(p.text);
      else if (p.kind === 'calico')
        for (const n of p.entity.nets ?? []) addCidr(n.text);
    }
  }
  const M = C + externals.length;

  // Views of every endpoint from every enforcing cluster.
  const views = new Map<string, PeerView[]>();
  for (const [name, cc] of co.clusters) {
    const v: PeerView[] = classes.map(c => viewWorkload(c.rep, cc.ctx));
    for (const e of externals) v.push(viewExternal(e, cc.ctx));
    views.set(name, v);
  }

  // Index rules: subject classes and peer endpoints, each matched once. Inverted
  // indexes (identity labels, namespace) narrow the candidates; the exact matchers decide.
  const classesOf = new Map<string, number[]>();
  const classesInNs = new Map<string, number[]>();
  const addTo = (m: Map<string, number[]>, k: string, i: number) => {
    const l = m.get(k);
    if (l) l.push(i);
    else m.set(k, [i]);
  };
  classes.forEach((c, i) => {
    addTo(classesOf, c.cluster, i);
    addTo(classesInNs, `${c.cluster}\u0000${c.rep.workload.namespace}`, i);
  });
  const subjectIndex = new Map<string, IdentityIndex>();
  // Indexed by class number; other clusters' classes are left out.
  for (const name of classesOf.keys())
    subjectIndex.set(
      name,
      new IdentityIndex(
        classes.map(c => (c.cluster === name ? c.rep.identity : undefined)),
      ),
    );
  const viewIndex = new Map<string, IdentityIndex>();
  for (const [name, v] of views)
    viewIndex.set(name, new IdentityIndex(v.map(p => p.identity)));

  const selecting: Array<{ ingress: Rule[]; egress: Rule[] }> = classes.map(
    () => ({ ingress: [], egress: [] }),
  );
  const peerLists: Array<Int32Array | undefined> = [];
  const peerCache = new Map<string, Int32Array>();
  const marked = new Uint8Array(M);
  for (const r of co.rules) {
    const cc = co.clusters.get(r.cluster)!;
    const own = classesOf.get(r.cluster) ?? [];
    const subj = r.subject;
    let cand: readonly number[] | undefined;
    if (subj.kind === 'k8s')
      cand = classesInNs.get(`${r.cluster}\u0000${subj.namespace}`) ?? [];
    else if (subj.kind === 'identity')
      cand = subjectIndex.get(r.cluster)?.candidates(subj.selector);
    let any = false;
    for (const i of cand ?? own) {
      if (subjectMatches(subj, classes[i].rep)) {
        selecting[i][r.direction].push(r);
        any = true;
      }
    }
    if (!any) continue;
    const key = `${r.cluster}\u0000${r.peers.map(peerKey).join('\u0000')}`;
    let list = peerCache.get(key);
    if (!list) {
      const v = views.get(r.cluster)!;
      const index = viewIndex.get(r.cluster)!;
      const out: number[] = [];
      for (const p of r.peers) {
        let pc: readonly number[] | undefined;
        if (p.kind === 'identity') pc = index.candidates(p.selector);
        else if (p.kind === 'k8s' && !p.namespaceSelector)
          pc = classesInNs.get(`${p.cluster}\u0000${p.namespace}`) ?? [];
        const m = pc ? pc.length : M;
        for (let k = 0; k < m; k++) {
          const i = pc ? pc[k] : k;
          if (!marked[i] && peerMatches(p, v[i], cc.ctx)) {
            marked[i] = 1;
            out.push(i);
          }
        }
      }
      for (const i of out) marked[i] = 0;
      list = Int32Array.from(out).sort();
      peerCache.set(key, list);
    }
    peerLists[r.index] = list;
  }

  // Trie of matching-rule sets. A class's rules are applied in bundles: the rules that
  // share one peer list (interned, so equal bundles of different classes share an id)
  // move a destination in one step. Bundles are applied in the order of their first
  // rule, so equal bundle sets reach the same node.
  const nodeRules: Rule[][] = [[]];
  const nodeNamed: boolean[] = [false];
  const children: Array<Map<number, number> | undefined> = [];
  const bundleRules: Rule[][] = [];
  const bundleNamed: boolean[] = [];
  const bundleIds = new Map<string, number>();
  const bundleOf = (rules: Rule[]) => {
    const k = rules.map(r => r.index).join(',');
    let b = bundleIds.get(k);
    if (b === undefined) {
      b = bundleRules.push(rules) - 1;
      bundleNamed.push(rules.some(hasNamed));
      bundleIds.set(k, b);
    }
    return b;
  };
  const child = (node: number, b: number) => {
    let m = children[node];
    if (!m) children[node] = m = new Map();
    let c = m.get(b);
    if (c === undefined) {
      c = nodeRules.push([...nodeRules[node], ...bundleRules[b]]) - 1;
      nodeNamed.push(nodeNamed[node] || bundleNamed[b]);
      m.set(b, c);
    }
    return c;
  };

  // Side ids: rules without named ports depend on (node, state) only — a dense array;
  // the rest also on how named ports resolve (a layout, the cluster, or nothing).
  const sides: Side[] = [OPEN];
  // id + 1 at node × 4 + state; 0 = not computed yet.
  let sideByNum = new Int32Array(4096);
  const sideByNamed = new Map<number, number>();
  const L = layouts.size;
  const clusterIdx = new Map<string, number>();
  for (const name of co.clusters.keys()) clusterIdx.set(name, clusterIdx.size);
  const V = L + 1 + clusterIdx.size; // resolver variants: layouts, 'none', one per cluster
  const unnamedSide = (node: number, state: number): number => {
    const k = node * 4 + state;
    if (k >= sideByNum.length) {
      const grown = new Int32Array(Math.max(k + 1, sideByNum.length * 2));
      grown.set(sideByNum);
      sideByNum = grown;
    }
    const hit = sideByNum[k];
    if (hit) return hit - 1;
    const id = sides.push(computeSide(nodeRules[node], state, NO_NAMES)) - 1;
    sideByNum[k] = id + 1;
    return id;
  };
  const namedSide = (
    node: number,
    state: number,
    variant: number,
    direction: 'ingress' | 'egress',
    cc: CompiledCluster,
    dst: WorkloadInfo | undefined,
  ): number => {
    const k = (node * 4 + state) * V + variant;
    let id = sideByNamed.get(k);
    if (id === undefined) {
      const resolve = namedPortResolver(
        direction,
        cc,
        dst ? dst.workload : undefined,
      );
      id = sides.push(computeSide(nodeRules[node], state, resolve)) - 1;
      sideByNamed.set(k, id);
    }
    return id;
  };

  // Each rule moves its peers from their current node to a child; the child is looked
  // up once per distinct current node per rule (stamped), not once per peer. The peers it
  // moved are recorded: every other endpoint stays at the root (no rule), which is what
  // keeps rows sparse.
  const nodeOf = new Int32Array(M);
  let stamp = new Int32Array(1024);
  let remap = new Int32Array(1024);
  let tick = 0;
  let touched = new Int32Array(64);
  let nTouched = 0;
  const walkRules = (rules: Rule[]) => {
    for (let k = 0; k < nTouched; k++) nodeOf[touched[k]] = 0;
    nTouched = 0;
    const groups = new Map<Int32Array, Rule[]>();
    for (const r of rules) {
      const list = peerLists[r.index]!;
      const g = groups.get(list);
      if (g) g.push(r);
      else groups.set(list, [r]);
    }
    for (const [list, group] of groups) {
      const b = bundleOf(group);
      tick++;
      // Peers are distinct, so every current node predates this bundle.
      if (nodeRules.length > stamp.length) {
        const n = nodeRules.length * 2;
        stamp = new Int32Array(n);
        remap = new Int32Array(n);
        tick = 1;
      }
      for (let k = 0; k < list.length; k++) {
        const d = list[k];
        const g = nodeOf[d];
        if (g === 0) {
          if (nTouched === touched.length) {
            const grown = new Int32Array(touched.length * 2);
            grown.set(touched);
            touched = grown;
          }
          touched[nTouched++] = d;
        }
        if (stamp[g] !== tick) {
          stamp[g] = tick;
          remap[g] = child(g, b);
        }
        nodeOf[d] = remap[g];
      }
    }
  };
  /** The endpoints of the last walk off the root, and `extra`, ascending and distinct. */
  const exceptions = (extra?: Int32Array): Int32Array => {
    const n = nTouched + (extra ? extra.length : 0);
    const all = new Int32Array(n);
    all.set(touched.subarray(0, nTouched));
    if (extra) all.set(extra, nTouched);
    all.sort();
    let m = 0;
    for (let k = 0; k < n; k++)
      if (k === 0 || all[k] !== all[k - 1]) all[m++] = all[k];
    return all.subarray(0, m);
  };

  // Rows (a class's side towards every endpoint, classes × endpoints twice) are sparse: one
  // default side (no rule matched the endpoint) and the endpoints whose side differs. Typed
  // arrays, no `?.` (some transpilers turn it into a closure per call), named-port variants
  // only when needed.
  const layoutOf = Int32Array.from(classes, c => c.layout);
  const hostsOf = new Map<string, Int32Array>();
  for (const [name, v] of views) {
    const hosts: number[] = [];
    v.forEach((p, k) => {
      if (p.entity === 'host') hosts.push(k);
    });
    hostsOf.set(name, Int32Array.from(hosts));
  }
  const egDefault = new Int32Array(C); // 0: OPEN, the class is not walked
  const egAt: Array<Int32Array | undefined> = [];
  const egSide: Array<Int32Array | undefined> = [];
  const ingDefault = new Int32Array(M);
  const ingAt: Array<Int32Array | undefined> = [];
  const ingSide: Array<Int32Array | undefined> = [];
  classes.forEach((c, i) => {
    const cc = co.clusters.get(c.cluster)!;
    const clusterWideEgress = cc.ctx.enforcer === 'cilium' && !cc.ctx.v120;
    const eg = selecting[i].egress;
    const egState = sideState(cc, c.rep, eg);
    if (walks(cc, egState, eg)) {
      walkRules(eg);
      egDefault[i] = unnamedSide(0, egState);
      const at = exceptions();
      const side = new Int32Array(at.length);
      const cv = L + 1 + clusterIdx.get(c.cluster)!;
      for (let k = 0; k < at.length; k++) {
        const d = at[k];
        const node = nodeOf[d];
        if (!nodeNamed[node]) {
          side[k] = unnamedSide(node, egState);
          continue;
        }
        const isClass = d < C;
        let variant = L;
        if (clusterWideEgress) variant = cv;
        else if (isClass) variant = layoutOf[d];
        side[k] = namedSide(
          node,
          egState,
          variant,
          'egress',
          cc,
          isClass ? classes[d].rep : undefined,
        );
      }
      egAt[i] = at;
      egSide[i] = side;
    }
    const ing = selecting[i].ingress;
    const ingState = sideState(cc, c.rep, ing);
    if (walks(cc, ingState, ing)) {
      // allow-localhost: under default deny the local host still gets in (denies still win), state 3.
      const hostOk =
        ingState === 1 &&
        cc.ctx.enforcer === 'cilium' &&
        (!cc.ctx.flags || cc.ctx.flags.allowLocalhost !== 'policy');
      const view = views.get(c.cluster)!;
      walkRules(ing);
      ingDefault[i] = unnamedSide(0, ingState);
      const at = exceptions(hostOk ? hostsOf.get(c.cluster) : undefined);
      const side = new Int32Array(at.length);
      for (let k = 0; k < at.length; k++) {
        const s = at[k];
        const node = nodeOf[s];
        const st = hostOk && view[s].entity === 'host' ? 3 : ingState;
        side[k] = nodeNamed[node]
          ? namedSide(node, st, c.layout, 'ingress', cc, c.rep)
          : unnamedSide(node, st);
      }
      ingAt[i] = at;
      ingSide[i] = side;
    }
  });

  // The pair loop reads ingress sides by source: the exceptions transposed, each source's
  // destinations ascending.
  const ingDst: number[][] = Array.from({ length: M }, () => []);
  const ingDstSide: number[][] = Array.from({ length: M }, () => []);
  for (let d = 0; d < C; d++) {
    const at = ingAt[d];
    if (!at) continue;
    const side = ingSide[d]!;
    for (let k = 0; k < at.length; k++) {
      ingDst[at[k]].push(d);
      ingDstSide[at[k]].push(side[k]);
    }
  }
  ingAt.length = 0;
  ingSide.length = 0;
  // A pair whose egress or ingress side allows nothing has no connection: a source only
  // visits the destinations where both may allow something.
  const allows = Uint8Array.from(sides, x => (isEmpty(x.allow) ? 0 : 1));
  const openDst: number[] = [];
  for (let d = 0; d < M; d++)
    if (d >= C || allows[ingDefault[d]]) openDst.push(d);

  // Scope.
  const inScope = (w: WorkloadInfo['workload']) =>
    (!scope.clusters || scope.clusters.includes(w.cluster)) &&
    (!scope.namespaces || scope.namespaces.includes(w.namespace)) &&
    (!scope.workloads || scope.workloads.includes(w.ref));
  const scoped = !!(scope.clusters || scope.namespaces || scope.workloads);
  const includeExternal = scope.includeExternal ?? true;
  const members: WorkloadInfo[][] = classes.map(c => c.members);
  const memberIn: boolean[][] = classes.map(c =>
    c.members.map(m => inScope(m.workload)),
  );
  const classHasScoped = memberIn.map(l => l.some(Boolean));
  // One endpoint object per workload, shared by all of its connections.
  const memberEp: Endpoint[][] = classes.map(c =>
    c.members.map(m => ({ workload: m.workload.ref })),
  );
  const clusterOf = classes.map(c => clusterIdx.get(c.cluster)!);
  const meshOff = classes.map(c => {
    const f = co.clusters.get(c.cluster)!.ctx.flags;
    return !!f && !f.meshAuthEnabled;
  });
  // Pair results: a Map by (egress side, ingress side, flags), fronted by a small
  // direct-mapped cache (most lookups hit it, and it is a typed-array probe, not a hash).
  // Equal port specs are interned, so connections with equal results share one array.
  const S = sides.length;
  const pairCache = new Map<number, PairResult | null>();
  const specs = new Map<string, PortSpec>();
  const spec = (p: PortSet): PortSpec => {
    const ps = toPortSpec(p);
    const k = JSON.stringify(ps);
    const hit = specs.get(k);
    if (hit) return hit;
    specs.set(k, ps);
    return ps;
  };
  const pairSlow = (
    key: number,
    egId: number,
    ingId: number,
    flags: number,
  ) => {
    const hit = pairCache.get(key);
    if (hit !== undefined) return hit;
    const eg = sides[egId];
    const ing = sides[ingId];
    const ports = intersect(eg.allow, ing.allow);
    let result: PairResult | null = null;
    if (!isEmpty(ports)) {
      const authPorts = intersect(union(eg.auth, ing.auth), ports);
      let drop = union(eg.fail, ing.fail);
      if (flags & 4) drop = union(drop, authPorts);
      if (flags & 2) drop = union(drop, eg.auth);
      if (flags & 1) drop = union(drop, ing.auth);
      drop = intersect(drop, ports);
      const kept = subtract(ports, drop);
      result = { ports: spec(kept), authRequired: !isEmpty(authPorts) };
      if (!isEmpty(drop)) result.authDropped = spec(drop);
    }
    pairCache.set(key, result);
    return result;
  };
  const SLOTS = 4096;
  const slotKey = new Float64Array(SLOTS).fill(-1);
  const slotVal: Array<PairResult | null> = new Array(SLOTS).fill(null);
  /** flags: 4 cross-cluster, 2 source cluster without mesh auth, 1 destination cluster without mesh auth. */
  const combine = (egId: number, ingId: number, flags: number) => {
    const key = (egId * S + ingId) * 8 + flags;
    const slot = (egId * 7919 + ingId * 31 + flags) & (SLOTS - 1);
    if (slotKey[slot] === key) return slotVal[slot];
    const r = pairSlow(key, egId, ingId, flags);
    slotKey[slot] = key;
    slotVal[slot] = r;
    return r;
  };

  const connections: Connection[] = [];
  // Literal shapes (no optional properties added later) keep connection objects monomorphic.
  const push = (
    from: Endpoint,
    to: Endpoint,
    r: PairResult,
    crossCluster: boolean,
  ) => {
    if (!r.authRequired && !r.authDropped)
      connections.push({ from, to, ports: r.ports, crossCluster });
    else if (!r.authDropped)
      connections.push({
        from,
        to,
        ports: r.ports,
        crossCluster,
        authRequired: true,
      });
    else if (!r.authRequired)
      connections.push({
        from,
        to,
        ports: r.ports,
        crossCluster,
        authDropped: r.authDropped,
      });
    else
      connections.push({
        from,
        to,
        ports: r.ports,
        crossCluster,
        authRequired: true,
        authDropped: r.authDropped,
      });
  };
  // Destinations one source visits, ascending: its egress exceptions when its default
  // egress allows nothing, else the open destinations and its ingress exceptions merged.
  const visit = new Int32Array(M);
  for (let s = 0; s < M; s++) {
    const sIsClass = s < C;
    if (!sIsClass && !includeExternal) continue;
    const egDef = sIsClass ? egDefault[s] : 0;
    const egA = sIsClass ? egAt[s] : undefined;
    const egS = sIsClass ? egSide[s] : undefined;
    const inA = ingDst[s];
    const inS = ingDstSide[s];
    let n = 0;
    if (!allows[egDef]) {
      if (egA) for (let k = 0; k < egA.length; k++) visit[n++] = egA[k];
    } else {
      let a = 0;
      let b = 0;
      while (a < openDst.length || b < inA.length) {
        const x = a < openDst.length ? openDst[a] : M;
        const y = b < inA.length ? inA[b] : M;
        if (x <= y) a++;
        if (y <= x) b++;
        visit[n++] = x < y ? x : y;
      }
    }
    const sScoped = sIsClass && classHasScoped[s];
    const srcOff = sIsClass && meshOff[s] ? 2 : 0;
    let ep = 0;
    let ip = 0;
    for (let k = 0; k < n; k++) {
      const d = visit[k];
      const dIsClass = d < C;
      if (!sIsClass && !dIsClass) continue;
      if (!dIsClass && !includeExternal) continue;
      if (scoped && !sScoped && !(dIsClass && classHasScoped[d])) continue;
      let egId = egDef;
      if (egA) {
        while (ep < egA.length && egA[ep] < d) ep++;
        if (ep < egA.length && egA[ep] === d) egId = egS![ep];
      }
      let ingId = 0;
      if (dIsClass) {
        ingId = ingDefault[d];
        while (ip < inA.length && inA[ip] < d) ip++;
        if (ip < inA.length && inA[ip] === d) ingId = inS[ip];
      }
      const cross = sIsClass && dIsClass && clusterOf[s] !== clusterOf[d];
      const r = combine(
        egId,
        ingId,
        (cross ? 4 : 0) | srcOff | (dIsClass && meshOff[d] ? 1 : 0),
      );
      if (!r) continue;
      if (sIsClass && dIsClass) {
        const sm = members[s];
        const dm = members[d];
        const se = memberEp[s];
        const de = memberEp[d];
        for (let a = 0; a < sm.length; a++) {
          for (let b = 0; b < dm.length; b++) {
            if (sm[a] === dm[b]) continue;
            if (scoped && !memberIn[s][a] && !memberIn[d][b]) continue;
            push(se[a], de[b], r, cross);
          }
        }
      } else if (sIsClass) {
        const se = memberEp[s];
        const to = externals[d - C];
        for (let a = 0; a < se.length; a++)
          if (!scoped || memberIn[s][a]) push(se[a], to, r, false);
      } else {
        const de = memberEp[d];
        const from = externals[s - C];
        for (let b = 0; b < de.length; b++)
          if (!scoped || memberIn[d][b]) push(from, de[b], r, false);
      }
    }
  }
  return { overlayVersion: overlay.version, connections };
}

/** Whether a connection allows one port (tests, UI tooltips). */
export function connectionAllows(
  c: Pick<Connection, 'ports'>,
  protocol: Protocol,
  port: number,
): boolean {
  if (c.ports === 'all') return true;
  return c.ports.some(
    r =>
      r.protocol === protocol &&
      (r.port === undefined ||
        (r.port <= port && port <= (r.endPort ?? r.port))),
  );
}
