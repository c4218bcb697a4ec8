/*
 * Posture responses for component tests, assessed by the real engine over a small cluster (so
 * their shape and statuses are the engine's, typed by the API types the backend answers with).
 * The backend's own step, linking policy evidence to its policy view, is done here the same
 * way: `policyId` is the id of the policy an item names.
 */
import {
  assessPosture,
  buildOverlay,
  ingestText,
  lint,
  POSTURE_REQUIREMENTS,
  postureCounts,
  type EntityPosture,
  type PostureHistory,
  type PostureReport,
  type PostureView,
  type TeamPosture,
} from '@ytknetwork/common';

const deployment = (app: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${app}, namespace: shop }
spec:
  selector: { matchLabels: { app: ${app} } }
  template: { metadata: { labels: { app: ${app} } }, spec: { containers: [{ name: ${app} }] } }
`;

// east/shop: api is ingress-isolated by api-in, worker is not; nothing restricts egress.
const SHOP = [
  'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n',
  deployment('api'),
  deployment('worker'),
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: api-in, namespace: shop }
spec: { podSelector: { matchLabels: { app: api } }, policyTypes: [Ingress] }
`,
].join('---\n');

const resources = ingestText(SHOP, 'east/shop.yaml').resources;
const overlay = buildOverlay([{ name: 'east', resources }], { version: 4 });
// Lint findings over the same input are evidence, as the backend passes them.
const findings = lint({ resources }, { overlay, cluster: 'east' });

function view(report: PostureReport): PostureView {
  return {
    ...report,
    requirements: [...POSTURE_REQUIREMENTS],
    counts: postureCounts(report.summary),
    results: report.results.map(r => ({
      ...r,
      evidence: r.evidence.map(e =>
        e.kind === 'policy' && e.ref ? { ...e, policyId: e.ref } : e,
      ),
    })),
  };
}

const report = assessPosture(
  overlay,
  {
    name: 'group:default/payments',
    workloads: ['east/shop/Deployment/api', 'east/shop/Deployment/worker'],
  },
  { findings },
);

export const teamPostureFixture: TeamPosture = {
  team: { ref: 'group:default/payments', name: 'payments', title: 'Payments' },
  ...view(report),
};

export const entityPostureFixture: EntityPosture = {
  entityRef: 'component:default/audit',
  ...view(
    assessPosture(overlay, {
      name: 'component:default/audit',
      workloads: ['east/shop/Deployment/api'],
    }),
  ),
};

export const postureHistoryFixture: PostureHistory = {
  team: teamPostureFixture.team,
  entries: [
    {
      overlayVersion: 4,
      catalogueVersion: report.catalogueVersion,
      at: '2026-12-07T10:00:00.000Z',
      counts: teamPostureFixture.counts,
    },
    {
      overlayVersion: 2,
      catalogueVersion: report.catalogueVersion,
      at: '2026-12-06T09:00:00.000Z',
      counts: { met: 3, partly: 0, notMet: 6, unknown: 1 },
    },
  ],
  retention: { maxEntries: 500, maxAgeSeconds: 90 * 24 * 3600 },
};
