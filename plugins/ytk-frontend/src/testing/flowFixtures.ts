/*
 * Observed-flows responses for component tests, attributed by the real engine: Hubble lines in
 * the `hubble observe -o jsonpb` shape decoded with decodeHubbleFlows, aggregated and classified
 * with aggregateFlows over a small cluster, unused allows from unusedAllowsFromAggregates — then
 * laid out as the backend's GET /teams/:team/flows and /entities/.../drops answer them.
 *
 * east/shop: web → api on 8080 (api-in allows it), api → db on 5432 (db-in allows it).
 */
import {
  aggregateFlows,
  buildOverlay,
  computeConnectivity,
  decodeHubbleFlows,
  explainFlow,
  ingestText,
  parseEndpointText,
  parsePortText,
  unusedAllowsFromAggregates,
  type ConnectivityGraph,
  type EntityDropsResponse,
  type ExplainResponse,
  type FlowAggregate,
  type ObservedEdge,
  type TeamFlowsResponse,
} from '@ytknetwork/common';

const deployment = (app: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${app}, namespace: shop }
spec:
  selector: { matchLabels: { app: ${app} } }
  template: { metadata: { labels: { app: ${app} } }, spec: { containers: [{ name: ${app} }] } }
`;
const allowIn = (name: string, to: string, from: string, port: number) => `
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: ${name}, namespace: shop }
spec:
  endpointSelector: { matchLabels: { app: ${to} } }
  ingress:
    - fromEndpoints: [{ matchLabels: { app: ${from} } }]
      toPorts: [{ ports: [{ port: "${port}", protocol: TCP }] }]
`;

const SHOP = [
  `apiVersion: v1
kind: ConfigMap
metadata: { name: cilium-config, namespace: kube-system }
data: { cluster-name: east, cluster-id: "1" }
`,
  'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n',
  deployment('web'),
  deployment('api'),
  deployment('db'),
  allowIn('api-in', 'api', 'web', 8080),
  allowIn('db-in', 'db', 'api', 5432),
].join('---\n');

const overlay = buildOverlay(
  [{ name: 'east', resources: ingestText(SHOP, 'east/shop.yaml').resources }],
  { version: 9 },
);

const endpoint = (app: string) => ({
  cluster_name: 'east',
  namespace: 'shop',
  pod_name: `${app}-7d4b9c-abcde`,
  labels: [`k8s:app=${app}`, 'k8s:io.kubernetes.pod.namespace=shop'],
  workloads: [{ name: app, kind: 'Deployment' }],
});

let uuid = 0;
const line = (
  from: string,
  to: string,
  port: number,
  time: string,
  drop?: string,
) =>
  JSON.stringify({
    flow: {
      time,
      uuid: `00000000-0000-4000-8000-${String(++uuid).padStart(12, '0')}`,
      verdict: drop ? 'DROPPED' : 'FORWARDED',
      ...(drop ? { drop_reason_desc: drop } : {}),
      IP: { source: '10.0.1.5', destination: '10.0.2.7', ipVersion: 'IPv4' },
      l4: { TCP: { source_port: 43210, destination_port: port } },
      source: endpoint(from),
      destination: endpoint(to),
      Type: 'L3_L4',
      is_reply: false,
    },
    node_name: 'east/node-1',
    time,
  });

const HUBBLE = [
  line('web', 'api', 8080, '2026-12-07T08:00:00Z'),
  line('web', 'api', 8080, '2026-12-07T08:30:00Z'),
  line('web', 'api', 8080, '2026-12-07T10:00:00Z'),
  // Policies say dropped (only api may reach db), and Hubble dropped it.
  line('web', 'db', 5432, '2026-12-07T09:00:00Z', 'POLICY_DENIED'),
  line('web', 'db', 5432, '2026-12-07T09:45:00Z', 'POLICY_DENIED'),
  // Newer than the overlay: forwarded on a port no rule allows, dropped on one a rule allows.
  line('web', 'api', 9090, '2026-12-07T10:15:00Z'),
  line('web', 'api', 8080, '2026-12-07T10:20:00Z', 'POLICY_DENIED'),
].join('\n');

const window = {
  window: '24h',
  from: '2026-12-06T11:00:00.000Z',
  to: '2026-12-07T11:00:00.000Z',
};

const decoded = decodeHubbleFlows(HUBBLE);
if (decoded.errors.length)
  throw new Error(`flow fixture: ${JSON.stringify(decoded.errors)}`);
const { aggregates } = aggregateFlows(
  overlay,
  decoded.flows.map(f => f.flow),
  { overlayTime: '2026-12-07T10:10:00Z' },
);

/** An aggregate as the backend's routes answer it (edgeView). */
function edge(a: FlowAggregate): ObservedEdge {
  const at = a.attribution;
  return {
    cluster: 'east',
    source: a.source,
    destination: a.destination,
    protocol: a.protocol,
    port: a.port,
    verdict: a.verdict,
    ...(a.dropReason ? { dropReason: a.dropReason } : {}),
    count: a.count,
    ...(a.firstSeen ? { firstSeen: a.firstSeen } : {}),
    ...(a.lastSeen ? { lastSeen: a.lastSeen } : {}),
    classification: at.classification,
    ...(at.cause ? { cause: at.cause } : {}),
    ...(at.causes ? { causes: at.causes } : {}),
    reason: at.reason,
    decidedBy: at.decidedBy.map(s => ({ ...s })),
  };
}

const byCount = (a: FlowAggregate, b: FlowAggregate) =>
  b.count - a.count || (a.key < b.key ? -1 : 1);

export const teamFlowsFixture: TeamFlowsResponse = {
  team: 'group:default/payments',
  window,
  overlayVersion: overlay.version,
  observed: aggregates
    .filter(a => a.verdict !== 'DROPPED')
    .sort(byCount)
    .map(edge),
  dropped: aggregates
    .filter(a => a.verdict === 'DROPPED')
    .sort(byCount)
    .map(edge),
  unused: unusedAllowsFromAggregates(overlay, aggregates).flatMap(u =>
    u.unused.map(p => ({
      rule: u.rule,
      from: p.from,
      to: p.to,
      ports: p.ports,
    })),
  ),
  truncated: false,
  sources: [{ cluster: 'east', state: 'recorded' }],
};

export const entityDropsFixture: EntityDropsResponse = {
  entityRef: 'component:default/web',
  window,
  drops: [...teamFlowsFixture.dropped].sort((a, b) =>
    (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''),
  ),
  truncated: false,
};

/**
 * The team's connectivity graph over the same cluster, as GET /connectivity answers it (the
 * engine's connections between workloads; entities left out to keep the graph small).
 */
export const flowsGraphFixture: ConnectivityGraph = {
  overlayVersion: overlay.version,
  nodes: overlay.clusters.flatMap(c =>
    c.workloads.map(w => ({
      ref: w.ref,
      cluster: w.cluster,
      namespace: w.namespace,
      kind: w.kind,
      name: w.name,
      labels: w.labels,
      serviceAccount: w.serviceAccount,
      podCount: w.podCount,
      spiffeIds: w.spiffeIds,
      team: 'group:default/payments',
    })),
  ),
  connections: computeConnectivity(overlay)
    .connections.filter(c => 'workload' in c.from && 'workload' in c.to)
    .map(c => {
      const end = (e: typeof c.from) => {
        const [cluster, namespace, kind, name] = (
          'workload' in e ? e.workload : ''
        ).split('/');
        return { ...e, cluster, namespace, kind, name };
      };
      return {
        from: end(c.from),
        to: end(c.to),
        ports: c.ports,
        crossCluster: c.crossCluster,
        authRequired: c.authRequired ?? false,
        effective: true,
      };
    }),
};

/** GET /flows/explain over the same cluster, as the real engine answers it. */
export function explainFlowFixture(q: {
  from: string;
  to: string;
  port: string;
}): ExplainResponse {
  const from = parseEndpointText(overlay, q.from);
  const to = parseEndpointText(overlay, q.to);
  const port = parsePortText(q.port);
  if (!from || !to || !port)
    throw new Error(`explain fixture: cannot read ${JSON.stringify(q)}`);
  return { verdict: explainFlow(overlay, { from, to, ...port }) };
}
