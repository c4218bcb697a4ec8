/*
 * Calico's selector scopes (docs/calico.md, libcalico-go updateprocessors/rules.go): the labels
 * an endpoint has for selectors, policy subjects, and EntityRules combined as
 * GetEntityRuleSelector combines them.
 */
import type {
  CalicoEntityRule,
  CalicoNetworkPolicy,
  GlobalNetworkPolicy,
  Policy,
  Workload,
} from '../model';
import { isNodeTraffic } from '../model/overlay';
import {
  matchCalicoSelector,
  parseCalicoSelector,
  type CalicoSelector,
} from '../selectors/calicoSelector';
import { contains, overlaps, parseCidr, type IpRange } from './cidr';
import type {
  CalicoEntityMatch,
  PeerView,
  SubjectMatcher,
  WorkloadInfo,
} from './types';

export const CALICO_NAMESPACE_LABEL = 'projectcalico.org/namespace';
export const CALICO_SA_LABEL = 'projectcalico.org/serviceaccount';
const NS_PREFIX = 'pcns.';
const SA_PREFIX = 'pcsa.';

const labelCache = new WeakMap<Workload, Record<string, string>>();

/**
 * A pod's labels as Calico's selectors see its workload endpoint: the pod labels, the
 * `projectcalico.org/*` ones, and those inherited from its namespace profile (`pcns.`) and
 * service-account profile (`pcsa.`).
 */
export function calicoEndpointLabels(w: Workload): Record<string, string> {
  const hit = labelCache.get(w);
  if (hit) return hit;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(w.namespaceLabels))
    out[NS_PREFIX + k] = v;
  out[`${NS_PREFIX}projectcalico.org/name`] = w.namespace;
  out[`${SA_PREFIX}projectcalico.org/name`] = w.serviceAccount;
  Object.assign(out, w.labels);
  out[CALICO_NAMESPACE_LABEL] = w.namespace;
  out['projectcalico.org/orchestrator'] = 'k8s';
  out[CALICO_SA_LABEL] = w.serviceAccount;
  labelCache.set(w, out);
  return out;
}

const nsOpts = { prefix: NS_PREFIX, namespaceKey: CALICO_NAMESPACE_LABEL };

/** The Calico labels of a peer, when it is a Calico workload endpoint of `cluster`. */
function endpointLabels(
  p: PeerView,
  cluster: string,
): Record<string, string> | undefined {
  if (p.kind !== 'workload' || !p.info) return undefined;
  const w = p.info.workload;
  if (w.cluster !== cluster || isNodeTraffic(w)) return undefined;
  return calicoEndpointLabels(w);
}

/** Does a compiled EntityRule match a peer (or the local endpoint) of `cluster`? */
export function calicoEntityMatches(
  e: CalicoEntityMatch,
  p: PeerView,
  cluster: string,
): boolean {
  const labels =
    e.endpoint || e.notSelector ? endpointLabels(p, cluster) : undefined;
  if (e.endpoint) {
    const ep = e.endpoint;
    if (!labels) return false;
    if (
      ep.namespace !== undefined &&
      labels[CALICO_NAMESPACE_LABEL] !== ep.namespace
    )
      return false;
    if (
      ep.namespaceSelector &&
      !matchCalicoSelector(ep.namespaceSelector, labels, nsOpts)
    )
      return false;
    if (
      ep.serviceAccountNames &&
      !ep.serviceAccountNames.includes(labels[CALICO_SA_LABEL])
    )
      return false;
    if (
      ep.serviceAccountSelector &&
      !matchCalicoSelector(ep.serviceAccountSelector, labels, {
        prefix: SA_PREFIX,
      })
    )
      return false;
    if (ep.selector && !matchCalicoSelector(ep.selector, labels)) return false;
  }
  if (e.notSelector && labels && matchCalicoSelector(e.notSelector, labels))
    return false;
  if (e.nets && !p.ranges.some(r => e.nets!.some(n => contains(n.range, r))))
    return false;
  if (e.notNets && p.ranges.some(r => e.notNets!.some(n => overlaps(n, r))))
    return false;
  return true;
}

/** Does a calico subject select a local workload? */
export function calicoSubjectMatches(
  s: Extract<SubjectMatcher, { kind: 'calico' }>,
  info: WorkloadInfo,
): boolean {
  const w = info.workload;
  if (isNodeTraffic(w)) return false;
  if (s.namespace !== undefined && w.namespace !== s.namespace) return false;
  const labels = calicoEndpointLabels(w);
  if (!matchCalicoSelector(s.selector, labels)) return false;
  if (
    s.serviceAccountSelector &&
    !matchCalicoSelector(s.serviceAccountSelector, labels, {
      prefix: SA_PREFIX,
    })
  )
    return false;
  if (
    s.namespaceSelector &&
    !matchCalicoSelector(s.namespaceSelector, labels, nsOpts)
  )
    return false;
  return (
    !s.local ||
    calicoEntityMatches(
      s.local,
      { kind: 'workload', info, ranges: info.ranges },
      w.cluster,
    )
  );
}

/** Whether a Calico NetworkPolicy / GlobalNetworkPolicy selects a workload (any direction). */
export function calicoPolicySelects(policy: Policy, w: Workload): boolean {
  const obj = policy.object as CalicoNetworkPolicy | GlobalNetworkPolicy;
  const subject = calicoSubject(obj, policy.namespace);
  return (
    !!subject &&
    w.cluster === policy.cluster &&
    calicoSubjectMatches(subject, { workload: w, ranges: [] })
  );
}

const parse = (s: string | undefined): CalicoSelector | undefined => {
  if (s === undefined) return undefined;
  try {
    return parseCalicoSelector(s);
  } catch {
    return undefined;
  }
};

/** Selects nothing: a selector that failed to parse (the decoder reported it). */
const NOTHING: CalicoSelector = { op: 'not', operand: { op: 'all' } };

export function calicoSubject(
  obj: CalicoNetworkPolicy | GlobalNetworkPolicy,
  namespace: string | undefined,
): Extract<SubjectMatcher, { kind: 'calico' }> | undefined {
  const spec = obj.spec;
  if (!spec) return undefined;
  const global = obj.kind === 'GlobalNetworkPolicy';
  return {
    kind: 'calico',
    ...(global ? {} : { namespace: namespace ?? 'default' }),
    selector: parse(spec.selector ?? '') ?? NOTHING,
    ...(spec.serviceAccountSelector !== undefined
      ? {
          serviceAccountSelector: parse(spec.serviceAccountSelector) ?? NOTHING,
        }
      : {}),
    ...(global && spec.namespaceSelector !== undefined
      ? { namespaceSelector: parse(spec.namespaceSelector) ?? NOTHING }
      : {}),
  };
}

/** libcalico-go GetEntityRuleSelector + nets, compiled. Undefined when it constrains nothing. */
export function calicoEntity(
  e: CalicoEntityRule | undefined,
  namespace: string | undefined,
): CalicoEntityMatch | undefined {
  if (!e) return undefined;
  const nsSel =
    e.namespaceSelector !== undefined && e.namespaceSelector.trim() !== ''
      ? (parse(e.namespaceSelector) ?? NOTHING)
      : undefined;
  const selector =
    e.selector !== undefined && e.selector.trim() !== ''
      ? (parse(e.selector) ?? NOTHING)
      : undefined;
  const notSelector =
    e.notSelector !== undefined && e.notSelector.trim() !== ''
      ? (parse(e.notSelector) ?? NOTHING)
      : undefined;
  const sa = e.serviceAccounts;
  const saSelector =
    sa?.selector !== undefined && sa.selector.trim() !== ''
      ? (parse(sa.selector) ?? NOTHING)
      : undefined;
  const saNames = sa?.names && sa.names.length ? sa.names : undefined;
  const nsPart = nsSel !== undefined || namespace !== undefined;
  const need =
    !!selector ||
    !!saSelector ||
    !!saNames ||
    (nsPart && (!!notSelector || nsSel !== undefined));
  const out: CalicoEntityMatch = { key: '' };
  if (need)
    out.endpoint = {
      ...(nsSel ? { namespaceSelector: nsSel } : { namespace }),
      ...(selector ? { selector } : {}),
      ...(saNames ? { serviceAccountNames: saNames } : {}),
      ...(saSelector ? { serviceAccountSelector: saSelector } : {}),
    };
  if (notSelector) out.notSelector = notSelector;
  if (e.nets?.length)
    out.nets = e.nets.flatMap(text => {
      const range = parseCidr(text);
      return range ? [{ text, range }] : [];
    });
  if (e.notNets?.length)
    out.notNets = e.notNets.map(parseCidr).filter((r): r is IpRange => !!r);
  if (!out.endpoint && !out.notSelector && !out.nets && !out.notNets)
    return undefined;
  out.key = JSON.stringify({
    ns: out.endpoint?.namespace,
    n: e.namespaceSelector,
    s: e.selector,
    sa,
    not: e.notSelector,
    nets: e.nets,
    notNets: e.notNets,
  });
  return out;
}
