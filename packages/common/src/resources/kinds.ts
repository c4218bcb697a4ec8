import type { FieldPath } from '../model/source';
import {
  adminNetworkPolicySpec,
  baselineAdminNetworkPolicySpec,
  checkBaselineName,
} from './adminNetworkPolicy';
import {
  CALICO_API_VERSIONS,
  calicoNetworkPolicySpec,
  globalNetworkPolicySpec,
  tierSpec,
} from './calicoPolicy';
import { ciliumRule } from './ciliumPolicy';
import { configMapFields } from './configMap';
import type { DecodeContext } from './context';
import { arrayOf, has, type Fields } from './fields';
import {
  authorizationPolicySpec,
  ISTIO_API_VERSIONS,
  peerAuthenticationSpec,
} from './istio';
import { networkPolicySpec } from './networkPolicy';
import { serviceSpec } from './service';
import { clusterFederatedTrustDomainSpec, clusterSpiffeIdSpec } from './spire';
import {
  checkedControllerSpec,
  cronJobSpec,
  podSpec,
  podStatus,
  replicationControllerSpec,
} from './workloads';

export interface KindSpec {
  apiVersions: readonly string[];
  namespaced: boolean;
  /** Top-level fields besides apiVersion, kind and metadata. */
  fields: Fields;
  /** Open kinds keep unmodelled top-level fields without reporting them. */
  open?: boolean;
  required?: readonly string[];
  check?: (
    raw: Record<string, unknown>,
    path: FieldPath,
    ctx: DecodeContext,
  ) => void;
}

const keep = (v: unknown) => v;

const ciliumPolicy: KindSpec = {
  apiVersions: ['cilium.io/v2'],
  namespaced: true,
  fields: { spec: ciliumRule, specs: arrayOf(ciliumRule), status: keep },
  check: (raw, path, ctx) => {
    if (!has(raw, 'spec') && !has(raw, 'specs')) {
      ctx.error('missing-field', path, 'policy must have spec or specs');
    }
  },
};

const controller = (apiVersions: string[]): KindSpec => ({
  apiVersions,
  namespaced: true,
  fields: { spec: checkedControllerSpec, status: keep },
  open: true,
  required: ['spec'],
});

/** Every kind ytk models, keyed by `kind`. */
export const KINDS: Readonly<Record<string, KindSpec>> = {
  NetworkPolicy: {
    apiVersions: ['networking.k8s.io/v1'],
    namespaced: true,
    fields: { spec: networkPolicySpec, status: keep },
    required: ['spec'],
  },
  AdminNetworkPolicy: {
    apiVersions: ['policy.networking.k8s.io/v1alpha1'],
    namespaced: false,
    fields: { spec: adminNetworkPolicySpec, status: keep },
    required: ['spec'],
  },
  BaselineAdminNetworkPolicy: {
    apiVersions: ['policy.networking.k8s.io/v1alpha1'],
    namespaced: false,
    fields: { spec: baselineAdminNetworkPolicySpec, status: keep },
    required: ['spec'],
    check: (raw, _path, ctx) => checkBaselineName(raw, ctx),
  },
  /** projectcalico.org/v3 `NetworkPolicy` (decode.ts renames the kind). */
  CalicoNetworkPolicy: {
    apiVersions: CALICO_API_VERSIONS,
    namespaced: true,
    fields: { spec: calicoNetworkPolicySpec, status: keep },
    required: ['spec'],
  },
  GlobalNetworkPolicy: {
    apiVersions: CALICO_API_VERSIONS,
    namespaced: false,
    fields: { spec: globalNetworkPolicySpec, status: keep },
    required: ['spec'],
  },
  Tier: {
    apiVersions: CALICO_API_VERSIONS,
    namespaced: false,
    fields: { spec: tierSpec, status: keep },
  },
  CiliumNetworkPolicy: ciliumPolicy,
  CiliumClusterwideNetworkPolicy: { ...ciliumPolicy, namespaced: false },
  Pod: {
    apiVersions: ['v1'],
    namespaced: true,
    fields: { spec: podSpec, status: podStatus },
    open: true,
    required: ['spec'],
  },
  Deployment: controller(['apps/v1']),
  ReplicaSet: controller(['apps/v1']),
  StatefulSet: controller(['apps/v1']),
  DaemonSet: controller(['apps/v1']),
  Job: controller(['batch/v1']),
  ReplicationController: {
    apiVersions: ['v1'],
    namespaced: true,
    fields: { spec: replicationControllerSpec, status: keep },
    open: true,
    required: ['spec'],
  },
  CronJob: {
    apiVersions: ['batch/v1'],
    namespaced: true,
    fields: { spec: cronJobSpec, status: keep },
    open: true,
    required: ['spec'],
  },
  Service: {
    apiVersions: ['v1'],
    namespaced: true,
    fields: { spec: serviceSpec, status: keep },
    open: true,
  },
  Namespace: {
    apiVersions: ['v1'],
    namespaced: false,
    fields: { spec: keep, status: keep },
  },
  ConfigMap: { apiVersions: ['v1'], namespaced: true, fields: configMapFields },
  ClusterSPIFFEID: {
    apiVersions: ['spire.spiffe.io/v1alpha1'],
    namespaced: false,
    fields: { spec: clusterSpiffeIdSpec, status: keep },
    required: ['spec'],
  },
  ClusterFederatedTrustDomain: {
    apiVersions: ['spire.spiffe.io/v1alpha1'],
    namespaced: false,
    fields: { spec: clusterFederatedTrustDomainSpec, status: keep },
    required: ['spec'],
  },
  PeerAuthentication: {
    apiVersions: ISTIO_API_VERSIONS,
    namespaced: true,
    fields: { spec: peerAuthenticationSpec, status: keep },
  },
  AuthorizationPolicy: {
    apiVersions: ISTIO_API_VERSIONS,
    namespaced: true,
    fields: { spec: authorizationPolicySpec, status: keep },
  },
};

export const SUPPORTED_KINDS = Object.keys(KINDS);
