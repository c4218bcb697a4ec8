import type {
  AuthorizationPolicySpec,
  PeerAuthenticationSpec,
} from '../model/kube';
import {
  arrayOf,
  isPlainObject,
  objectOf,
  oneOf,
  refine,
  str,
  stringMap,
  type Decoder,
} from './fields';
import { labelValue, qualifiedName } from './validation';

/*
 * security.istio.io/v1 (and v1beta1) PeerAuthentication and AuthorizationPolicy — read for
 * posture only (docs/istio.md): the CRD's shape and its validation rules (istio/api
 * security/v1beta1/*.proto, SEMANTICS §4). ytk never evaluates requests against them.
 */

export const ISTIO_API_VERSIONS = [
  'security.istio.io/v1',
  'security.istio.io/v1beta1',
] as const;

export const MTLS_MODES = ['UNSET', 'DISABLE', 'PERMISSIVE', 'STRICT'] as const;
export const AUTHZ_ACTIONS = ['ALLOW', 'DENY', 'AUDIT', 'CUSTOM'] as const;

/** Istio's WorkloadSelector: `matchLabels` only. */
const workloadSelector = objectOf<{ matchLabels?: Record<string, string> }>({
  matchLabels: stringMap(qualifiedName, labelValue),
});

const mutualTls = objectOf<{ mode?: (typeof MTLS_MODES)[number] }>({
  mode: oneOf(MTLS_MODES),
});

/** Keys are container ports 1–65535. */
const portLevelMtls: Decoder<Record<string, { mode?: string }>> = (
  v,
  path,
  ctx,
) => {
  if (v === null || v === undefined) return undefined;
  if (!isPlainObject(v)) {
    ctx.error('invalid-type', path, 'expected map of port to mtls settings');
    return undefined;
  }
  const out: Record<string, { mode?: string }> = {};
  const keys = Object.keys(v);
  if (keys.length === 0)
    ctx.error('invalid-value', path, 'must have at least 1 port');
  for (const k of keys) {
    const n = Number(k);
    if (!/^\d+$/.test(k) || n < 1 || n > 65535) {
      ctx.error(
        'invalid-value',
        [...path, k],
        'port must be between 1-65535',
        true,
      );
      continue;
    }
    const m = mutualTls(v[k], [...path, k], ctx);
    if (m !== undefined) out[k] = m;
  }
  return out;
};

export const peerAuthenticationSpec = refine(
  objectOf<PeerAuthenticationSpec>({
    selector: workloadSelector,
    mtls: mutualTls,
    portLevelMtls,
  }),
  (_s, raw, path, ctx) => {
    const sel = raw.selector;
    const labels =
      isPlainObject(sel) && isPlainObject(sel.matchLabels)
        ? Object.keys(sel.matchLabels)
        : [];
    if (raw.portLevelMtls !== undefined && labels.length === 0)
      ctx.error(
        'invalid-combination',
        [...path, 'portLevelMtls'],
        'portLevelMtls requires selector',
        true,
      );
  },
);

const strings = arrayOf(str);

const source = objectOf({
  principals: strings,
  notPrincipals: strings,
  requestPrincipals: strings,
  notRequestPrincipals: strings,
  namespaces: strings,
  notNamespaces: strings,
  serviceAccounts: strings,
  notServiceAccounts: strings,
  ipBlocks: strings,
  notIpBlocks: strings,
  remoteIpBlocks: strings,
  notRemoteIpBlocks: strings,
});

const operation = objectOf({
  hosts: strings,
  notHosts: strings,
  ports: strings,
  notPorts: strings,
  methods: strings,
  notMethods: strings,
  paths: strings,
  notPaths: strings,
});

const condition = objectOf(
  { key: str, values: strings, notValues: strings },
  { required: ['key'] },
);

const rule = objectOf({
  from: arrayOf(objectOf({ source })),
  to: arrayOf(objectOf({ operation })),
  when: arrayOf(condition),
});

const targetRef = objectOf(
  { group: str, kind: str, name: str, namespace: str },
  { required: ['kind', 'name'] },
);

export const authorizationPolicySpec = refine(
  objectOf<AuthorizationPolicySpec>({
    selector: workloadSelector,
    targetRef,
    targetRefs: arrayOf(targetRef),
    rules: arrayOf(rule),
    action: oneOf(AUTHZ_ACTIONS),
    provider: objectOf({ name: str }),
  }),
  (_s, raw, path, ctx) => {
    const targets = ['targetRef', 'targetRefs'].filter(
      k => raw[k] !== undefined && raw[k] !== null,
    );
    if (raw.selector !== undefined && targets.length)
      ctx.error(
        'invalid-combination',
        [...path, targets[0]],
        'only one of targetRefs or selector can be set',
        true,
      );
    const custom = raw.action === 'CUSTOM';
    if (custom && !isPlainObject(raw.provider))
      ctx.error(
        'missing-field',
        [...path, 'provider'],
        'a CUSTOM policy must name its extension provider',
      );
    if (!custom && raw.provider !== undefined)
      ctx.error(
        'invalid-combination',
        [...path, 'provider'],
        'provider must only be set with the CUSTOM action',
        true,
      );
  },
);
