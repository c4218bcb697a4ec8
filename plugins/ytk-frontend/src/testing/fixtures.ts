/*
 * Sample API responses for component tests: the tests render against a mocked YtkApi
 * because a component test has no backend. Shapes follow @ytknetwork/common's API types.
 */
import type {
  ConnectivityGraph,
  EntityNetwork,
  Finding,
  PolicyDetail,
  PolicySummary,
  Verdict,
  WorkloadView,
} from '@ytknetwork/common';
import type { InputProblemsResponse, YtkClusterView } from '../api';

const workload = (
  cluster: string,
  namespace: string,
  kind: string,
  name: string,
  team?: string,
): WorkloadView => ({
  ref: `${cluster}/${namespace}/${kind}/${name}`,
  cluster,
  namespace,
  kind,
  name,
  labels: { app: name },
  serviceAccount: name,
  podCount: 2,
  spiffeIds: [`spiffe://${cluster}.example/ns/${namespace}/sa/${name}`],
  team,
});

export const workloadsFixture: WorkloadView[] = [
  workload('east', 'payments', 'Deployment', 'web', 'group:default/payments'),
  workload('east', 'payments', 'Deployment', 'api', 'group:default/payments'),
  workload('west', 'ledger', 'StatefulSet', 'db', 'group:default/ledger'),
  workload('west', 'ledger', 'Deployment', 'audit', 'group:default/ledger'),
];

export const connectivityFixture: ConnectivityGraph = {
  overlayVersion: 7,
  nodes: workloadsFixture,
  connections: [
    {
      from: { workload: 'east/payments/Deployment/web' },
      to: { workload: 'east/payments/Deployment/api' },
      ports: [{ protocol: 'TCP', port: 8080 }],
      crossCluster: false,
      authRequired: false,
      effective: true,
    },
    {
      from: { workload: 'east/payments/Deployment/api' },
      to: { workload: 'west/ledger/StatefulSet/db' },
      ports: [{ protocol: 'TCP', port: 5432 }],
      crossCluster: true,
      authRequired: false,
      effective: true,
    },
    {
      // Allowed on both sides but mutual auth across ClusterMesh: dropped.
      from: { workload: 'east/payments/Deployment/api' },
      to: { workload: 'west/ledger/Deployment/audit' },
      ports: [{ protocol: 'TCP', port: 443 }],
      crossCluster: true,
      authRequired: true,
      effective: false,
    },
    {
      from: { workload: 'east/payments/Deployment/api' },
      to: { entity: 'world' },
      ports: [{ protocol: 'TCP', port: 443 }],
      crossCluster: false,
      authRequired: false,
      effective: true,
    },
  ],
};

export const clustersFixture: YtkClusterView[] = [
  {
    name: 'east',
    id: 1,
    enforcer: 'cilium',
    health: {
      state: 'connected',
      lastSync: '2025-05-01T10:00:00Z',
      stalenessSeconds: 4,
      unavailableKinds: [],
    },
    cilium: {
      version: '1.19.2',
      clusterId: 1,
      policyDefaultLocalCluster: true,
      meshAuthEnabled: true,
      enablePolicy: 'default',
      routingMode: 'tunnel',
    },
    spiffe: {
      trustDomain: 'east.example',
      federation: [
        {
          trustDomain: 'west.example',
          bundleEndpointURL: 'https://spire.west.example:8443',
          profile: 'https_spiffe',
        },
      ],
    },
    counts: { namespaces: 3, workloads: 2, policies: 4 },
    inputProblems: { errors: 1, warnings: 1, infos: 0 },
  },
  {
    name: 'west',
    id: 2,
    enforcer: 'cilium',
    health: {
      state: 'failed',
      lastSync: '2025-05-01T09:00:00Z',
      lastError: 'connect ECONNREFUSED 10.0.0.2:6443',
      stalenessSeconds: 3600,
      unavailableKinds: ['CiliumNetworkPolicy'],
    },
    spiffe: { federation: [] },
    counts: { namespaces: 2, workloads: 2, policies: 1 },
  },
];

/** GET /clusters/east/input-problems: a manifests source's problems. */
export const inputProblemsFixture: InputProblemsResponse = {
  cluster: 'east',
  total: 2,
  truncated: false,
  problems: [
    {
      code: 'invalid-value',
      severity: 'error',
      message:
        'spec.ingress[0].ports[0].port: 70000 must be between 1 and 65535',
      path: ['spec', 'ingress', 0, 'ports', 0, 'port'],
      file: 'apps/shop.yaml',
      line: 17,
      column: 23,
      object: { kind: 'NetworkPolicy', namespace: 'shop', name: 'web-in' },
    },
    {
      code: 'missing-field',
      severity: 'warning',
      message:
        'spec.containers[0].name: required field "name" is missing (ytk does not read this field for network policy; object used)',
      path: ['spec', 'containers', 0, 'name'],
      file: 'apps/shop.yaml',
      line: 9,
      column: 7,
      object: { kind: 'Pod', namespace: 'shop', name: 'web' },
    },
  ],
};

export const findingFixture: Finding = {
  ruleId: 'cilium-auth-cross-cluster',
  severity: 'error',
  category: 'mesh',
  message: 'mutual auth on a cross-cluster peer: the flow is dropped',
  uri: 'cluster://west/ledger/CiliumNetworkPolicy/audit-in',
  range: {
    start: { line: 8, character: 4 },
    end: { line: 8, character: 20 },
  },
};

export const policySummaryFixture: PolicySummary = {
  id: 'west/ledger/CiliumNetworkPolicy/audit-in',
  cluster: 'west',
  namespace: 'ledger',
  kind: 'CiliumNetworkPolicy',
  name: 'audit-in',
  team: 'group:default/ledger',
  selects: ['west/ledger/Deployment/audit'],
  findingCounts: { error: 1, warning: 0, info: 0 },
};

export const policyDetailFixture: PolicyDetail = {
  policy: policySummaryFixture,
  uri: findingFixture.uri,
  yaml: [
    'apiVersion: cilium.io/v2',
    'kind: CiliumNetworkPolicy',
    'metadata:',
    '  name: audit-in',
    '  namespace: ledger',
    'spec:',
    '  endpointSelector: {matchLabels: {app: audit}}',
    '  ingress:',
    '    - authentication: {mode: required}',
    '      fromEndpoints: [{matchLabels: {app: api}}]',
  ].join('\n'),
  findings: [findingFixture],
};

export const verdictFixture: Verdict = {
  flow: {
    from: { workload: 'east/payments/Deployment/api' },
    to: { workload: 'west/ledger/Deployment/audit' },
    protocol: 'TCP',
    port: 443,
  },
  crossCluster: true,
  egress: {
    direction: 'egress',
    cluster: 'east',
    outcome: 'not-isolated',
    allowed: true,
    rules: [],
    auth: 'none',
    l7: false,
    reason: 'no policy selects east/payments/Deployment/api for egress',
  },
  ingress: {
    direction: 'ingress',
    cluster: 'west',
    outcome: 'allowed',
    allowed: true,
    rules: [
      {
        policyId: policySummaryFixture.id,
        policyKind: 'CiliumNetworkPolicy',
        policyName: 'audit-in',
        cluster: 'west',
        namespace: 'ledger',
        section: 'ingress',
        specIndex: 0,
        ruleIndex: 0,
        action: 'allow',
        auth: 'required',
        l7: false,
      },
    ],
    auth: 'required',
    l7: false,
    reason: 'ingress[0] of ledger/audit-in allows it',
  },
  authRequired: true,
  allowed: false,
  reasons: ['mutual auth across ClusterMesh is not supported: dropped'],
};

export const entityNetworkFixture: EntityNetwork = {
  entityRef: 'component:default/audit',
  workloads: [workloadsFixture[3]],
  inbound: [connectivityFixture.connections[2]],
  outbound: [],
  policies: [policySummaryFixture],
  findings: [findingFixture],
};

/* Peering: one request east/payments/api → west/ledger/db, awaiting review. */
export const peeringRecordFixture = {
  id: '0b8f5a3e-6a1e-4c59-9a57-2d1f3c0b7e11',
  from: 'east/payments/Deployment/api',
  to: { workload: 'west/ledger/StatefulSet/db' },
  targets: ['west/ledger/StatefulSet/db'],
  ports: [{ protocol: 'TCP' as const, port: 5432 }],
  reason: 'ledger reads for the monthly report',
  requester: 'user:default/alice',
  requesterTeam: 'group:default/payments',
  targetTeam: 'group:default/ledger',
  state: 'requested' as const,
  version: 1,
  createdAt: '2025-05-01T10:00:00Z',
  updatedAt: '2025-05-01T10:00:00Z',
  generatedYaml: [
    '# cluster: west (ingress)',
    'apiVersion: cilium.io/v2',
    'kind: CiliumNetworkPolicy',
    'metadata:',
    '  name: ytk-peering-0b8f5a3e',
    '  namespace: ledger',
  ].join('\n'),
  diff: {
    added: [
      {
        from: { workload: 'east/payments/Deployment/api' },
        to: { workload: 'west/ledger/StatefulSet/db' },
        ports: [{ protocol: 'TCP' as const, port: 5432 }],
        crossCluster: true,
      },
    ],
    removed: [],
    changed: [],
  },
};

export const peeringDetailFixture = {
  ...peeringRecordFixture,
  audit: [
    {
      id: 1,
      actor: 'user:default/alice',
      action: 'create' as const,
      at: '2025-05-01T10:00:00Z',
      afterState: 'requested' as const,
    },
  ],
  allowedActions: ['approve' as const, 'reject' as const],
};

/** The same request previewed (POST /peering/preview): no id, state or version. */
export const peeringPreviewFixture = (() => {
  const {
    id: _id,
    state: _s,
    version: _v,
    requester: _r,
    createdAt: _c,
    updatedAt: _u,
    ...rest
  } = peeringRecordFixture;
  return {
    ...rest,
    generatedYaml: rest.generatedYaml.replace('0b8f5a3e', 'preview'),
    verification: { ok: true as const, overlayVersion: 7 },
  };
})();
