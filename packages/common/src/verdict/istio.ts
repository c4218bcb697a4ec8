import type {
  AuthorizationPolicy,
  ClusterState,
  DecodedResource,
  IstioMtlsMode,
  IstioPolicyRef,
  IstioPosture,
  Overlay,
  PeerAuthentication,
  Workload,
} from '../model';

/*
 * Istio posture (SEMANTICS §4, istio/api security protos; docs/istio.md): the effective
 * PeerAuthentication mode at a destination workload and port, and the AuthorizationPolicies
 * that select it. Nothing here evaluates a request.
 */

type Res<T extends PeerAuthentication | AuthorizationPolicy> =
  DecodedResource<T>;

const subset = (
  sel: Record<string, string> | undefined,
  labels: Record<string, string>,
) => Object.entries(sel ?? {}).every(([k, v]) => labels[k] === v);

function ref(
  cluster: string,
  r: Res<PeerAuthentication> | Res<AuthorizationPolicy>,
): IstioPolicyRef {
  const m = r.object.metadata;
  const namespace = m.namespace ?? 'default';
  return {
    id: `${cluster}/${namespace}/${r.object.kind}/${m.name}`,
    kind: r.object.kind,
    cluster,
    namespace,
    name: m.name,
    ...(r.source ? { location: r.source } : {}),
  };
}

/** Istio applies the oldest of competing policies (creationTimestamp, then name). */
function oldest<T extends PeerAuthentication>(
  list: Res<T>[],
): Res<T> | undefined {
  const ts = (r: Res<T>) => {
    const t = r.object.metadata.creationTimestamp;
    const n = typeof t === 'string' ? Date.parse(t) : NaN;
    return Number.isNaN(n) ? Infinity : n;
  };
  return [...list].sort(
    (a, b) =>
      ts(a) - ts(b) ||
      (a.object.metadata.name < b.object.metadata.name ? -1 : 1),
  )[0];
}

/** How the destination's pods and namespace say they join the mesh. */
export function meshMembership(
  w: Workload,
  state: ClusterState,
): IstioPosture['mesh'] {
  const l = w.labels;
  const ns = state.namespaces.find(n => n.name === w.namespace);
  const nl = ns?.labels ?? w.namespaceLabels;
  if (w.hostNetwork) return 'none';
  if (l['security.istio.io/tlsMode'] === 'istio') return 'sidecar';
  if (l['sidecar.istio.io/inject'] === 'false') return 'none';
  if (l['istio.io/dataplane-mode'] === 'none') return 'none';
  if (l['istio.io/dataplane-mode'] === 'ambient') return 'ambient';
  if (nl['istio.io/dataplane-mode'] === 'ambient') return 'ambient';
  if (
    l['sidecar.istio.io/inject'] === 'true' ||
    nl['istio-injection'] === 'enabled' ||
    nl['istio.io/rev'] !== undefined
  )
    return 'sidecar';
  if (nl['istio-injection'] === 'disabled') return 'none';
  // A namespace ytk has read, with no injection label: sidecars are not injected.
  return ns?.source ? 'none' : 'unknown';
}

const MODE: Record<Exclude<IstioMtlsMode, 'UNSET'>, IstioPosture['mtls']> = {
  STRICT: 'strict',
  PERMISSIVE: 'permissive',
  DISABLE: 'disabled',
};

const set = (m: IstioMtlsMode | undefined) =>
  m !== undefined && m !== 'UNSET' ? m : undefined;

/** True when a rule matches every request (from, to and when all unset). */
const emptyRule = (r: NonNullable<AuthorizationPolicy['spec']>['rules']) =>
  (r ?? []).some(x => !x.from?.length && !x.to?.length && !x.when?.length);

/** The posture of `dst` at `port`, or undefined when its cluster has no Istio objects. */
export function istioPosture(
  overlay: Overlay,
  dst: Workload,
  port: number,
  src?: Workload,
): IstioPosture | undefined {
  const state = overlay.clusters.find(c => c.name === dst.cluster);
  const istio = state?.istio;
  if (!state || !istio) return undefined;
  const notes: string[] = [];
  const root = istio.rootNamespace;
  const usable = <T extends PeerAuthentication | AuthorizationPolicy>(
    list: Res<T>[],
  ) =>
    list.filter(r => {
      if (r.ignored === undefined) return true;
      const ns = r.object.metadata.namespace ?? 'default';
      if (ns === dst.namespace || ns === root)
        notes.push(
          `${r.object.kind} ${ns}/${r.object.metadata.name} ignored (${r.ignored}): the posture may differ in the cluster`,
        );
      return false;
    });

  // ---- PeerAuthentication: workload > namespace > mesh (root namespace) > PERMISSIVE ----
  const pas = usable(istio.peerAuthentications);
  const nsOf = (r: Res<PeerAuthentication>) =>
    r.object.metadata.namespace ?? 'default';
  const labelsOf = (r: Res<PeerAuthentication>) =>
    r.object.spec?.selector?.matchLabels;
  const hasSelector = (r: Res<PeerAuthentication>) =>
    Object.keys(labelsOf(r) ?? {}).length > 0;
  for (const r of pas)
    if (nsOf(r) === root && hasSelector(r) && subset(labelsOf(r), dst.labels))
      notes.push(
        `PeerAuthentication ${root}/${r.object.metadata.name} has a selector in the root namespace: Istio ignores it`,
      );
  const workloadPas = pas.filter(
    r =>
      nsOf(r) === dst.namespace &&
      dst.namespace !== root &&
      hasSelector(r) &&
      subset(labelsOf(r), dst.labels),
  );
  const levels: Array<{
    scope: 'workload' | 'namespace' | 'mesh';
    candidates: Res<PeerAuthentication>[];
  }> = [
    { scope: 'workload', candidates: workloadPas },
    {
      scope: 'namespace',
      candidates:
        dst.namespace === root
          ? []
          : pas.filter(r => nsOf(r) === dst.namespace && !hasSelector(r)),
    },
    {
      scope: 'mesh',
      candidates: pas.filter(r => nsOf(r) === root && !hasSelector(r)),
    },
  ];
  let mode: IstioMtlsMode | undefined;
  let from: IstioPosture['peerAuthentication'];
  for (const { scope, candidates } of levels) {
    const pa = oldest(candidates);
    if (!pa) continue;
    if (candidates.length > 1)
      notes.push(
        `${candidates.length} ${scope}-level PeerAuthentications apply; Istio uses the oldest, ${nsOf(pa)}/${pa.object.metadata.name}`,
      );
    const spec = pa.object.spec ?? {};
    const portMode =
      scope === 'workload'
        ? set(spec.portLevelMtls?.[String(port)]?.mode)
        : undefined;
    const m = portMode ?? set(spec.mtls?.mode);
    if (m) {
      mode = m;
      from = {
        ...ref(state.name, pa),
        scope,
        ...(portMode ? { portLevel: true } : {}),
      };
      break;
    }
    notes.push(
      `PeerAuthentication ${nsOf(pa)}/${pa.object.metadata.name} leaves the mode UNSET: inherited`,
    );
  }
  const mesh = meshMembership(dst, state);
  let mtls: IstioPosture['mtls'] = mode ? MODE[mode as 'STRICT'] : 'permissive';
  if (!mode)
    notes.push(
      'no PeerAuthentication sets a mode: Istio defaults to PERMISSIVE',
    );
  if (mesh === 'none') {
    notes.push(
      `${dst.ref} has no Istio proxy ytk can see (pod and namespace labels): no mTLS, PeerAuthentication does not apply`,
    );
    mtls = 'none';
  } else if (mesh === 'unknown') {
    notes.push(
      `ytk cannot tell whether ${dst.ref} has an Istio proxy (no injection labels on its pods or a read namespace)`,
    );
  }
  if (mesh === 'ambient' && mtls === 'disabled')
    notes.push(
      'ambient mode does not support DISABLE (upstream PeerAuthentication docs)',
    );
  if (mtls === 'strict' && src && state.name === src.cluster) {
    const srcState = overlay.clusters.find(c => c.name === src.cluster);
    if (srcState && meshMembership(src, srcState) === 'none')
      notes.push(
        `${src.ref} has no Istio proxy ytk can see: STRICT rejects its plaintext connections`,
      );
  }

  // ---- AuthorizationPolicy: the policies that select the destination ----
  const aps = usable(istio.authorizationPolicies);
  const selecting: NonNullable<IstioPosture['authorizationPolicies']> = [];
  let mayDeny = false;
  let allowAll = false;
  let allows = 0;
  for (const r of aps) {
    const ns = r.object.metadata.namespace ?? 'default';
    if (ns !== dst.namespace && ns !== root) continue;
    const spec = r.object.spec ?? {};
    const targets = [
      ...(spec.targetRef ? [spec.targetRef] : []),
      ...(spec.targetRefs ?? []),
    ];
    if (targets.length) {
      // Waypoint / gateway policies: a Service target covers its backends (at the waypoint).
      const hit = targets.some(
        t =>
          t.kind === 'Service' &&
          state.services.some(
            s =>
              s.namespace === (t.namespace ?? ns) &&
              s.name === t.name &&
              s.workloads.includes(dst.ref),
          ),
      );
      if (!hit) continue;
      notes.push(
        `AuthorizationPolicy ${ns}/${r.object.metadata.name} targets a Service of ${dst.ref}: enforced by its waypoint`,
      );
    } else if (!subset(spec.selector?.matchLabels, dst.labels)) continue;
    const action = spec.action ?? 'ALLOW';
    const dryRun =
      r.object.metadata.annotations?.['istio.io/dry-run'] === 'true';
    selecting.push({
      ...ref(state.name, r),
      action,
      ...(dryRun ? { dryRun } : {}),
    });
    if (dryRun || action === 'AUDIT') continue;
    if (action === 'ALLOW') {
      allows++;
      if (emptyRule(spec.rules)) allowAll = true;
    } else mayDeny = true;
  }
  // ALLOW policies deny what none of them matches, unless one of them matches everything.
  if (allows > 0 && !allowAll) mayDeny = true;
  return {
    mtls,
    mesh,
    ...(from && mtls !== 'none' ? { peerAuthentication: from } : {}),
    ...(mayDeny && mtls !== 'none'
      ? { authorization: 'may-deny' as const }
      : {}),
    ...(selecting.length ? { authorizationPolicies: selecting } : {}),
    notes,
  };
}
