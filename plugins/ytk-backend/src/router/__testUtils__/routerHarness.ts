/*
 * Shared harness of the router tests: the real plugin over the manifest fixtures plus a
 * third cluster whose policies carry findings. Importing it registers the fixture
 * directory's beforeAll/afterAll in the importing test file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ytkPlugin } from '../../plugin';
import {
  createYtkPolicyConditionalDecision,
  ytkPolicyConditions,
} from '../../permissions';

const fixtures = path.join(__dirname, '..', '..', '__fixtures__', 'manifests');
const TEAMS: Record<string, string[]> = {
  'user:default/alice': ['user:default/alice', 'group:default/team-a'],
  'user:default/bob': ['user:default/bob', 'group:default/team-b'],
};
const group = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name },
  spec: { type: 'team', children: [] },
});
const component = (name: string, id: string, owner: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, annotations: { 'backstage.io/kubernetes-id': id } },
  spec: { type: 'service', owner, lifecycle: 'production' },
});
const entities = [
  group('team-a'),
  group('team-b'),
  component('shop-api', 'shop-api', 'team-a'),
  component('pay', 'pay', 'team-b'),
];
// A third cluster whose policies carry findings (the shared fixtures lint clean): each team's
// policy names a peer that matches no workload (peer-selects-nothing).
export const LINTY = `apiVersion: v1
kind: Namespace
metadata: { name: shop }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api, backstage.io/kubernetes-id: shop-api } }
    spec: { containers: [{ name: api }] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: pay, namespace: shop }
spec:
  selector: { matchLabels: { app: pay } }
  template:
    metadata: { labels: { app: pay, backstage.io/kubernetes-id: pay } }
    spec: { containers: [{ name: pay }] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: api-in, namespace: shop }
spec:
  podSelector: { matchLabels: { app: api } }
  ingress:
    - from: [{ podSelector: { matchLabels: { app: ghost } } }]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: pay-in, namespace: shop }
spec:
  podSelector: { matchLabels: { app: pay } }
  ingress:
    - from: [{ podSelector: { matchLabels: { app: phantom } } }]
`;
let lintyDir: string;
beforeAll(() => {
  lintyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ytk-router-'));
  fs.writeFileSync(path.join(lintyDir, 'shop.yaml'), LINTY);
});
afterAll(() => fs.rmSync(lintyDir, { recursive: true, force: true }));

export const as = (user: string) => mockCredentials.user.header(user);

export async function start(
  options: {
    conditional?: boolean;
    /** More `ytk` keys (e.g. `posture`), next to the clusters. */
    ytk?: Record<string, unknown>;
  } = {},
) {
  const features: any[] = [
    ytkPlugin,
    catalogServiceMock.factory({ entities: entities as any }),
    mockServices.rootConfig.factory({
      data: {
        ytk: {
          clusters: [
            ...['east', 'west'].map(name => ({
              name,
              source: 'manifests',
              path: path.join(fixtures, name),
            })),
            { name: 'north', source: 'manifests', path: lintyDir },
          ],
          overlay: { debounceMs: 10 },
          ...options.ytk,
        },
      },
    }),
    mockServices.userInfo.mock({
      getUserInfo: async (c: any) => ({
        userEntityRef: c.principal.userEntityRef,
        ownershipEntityRefs: TEAMS[c.principal.userEntityRef] ?? [],
      }),
    }).factory,
  ];
  if (options.conditional) {
    // A real deployment's policy: read the policies of your own teams only.
    features.push(
      mockServices.permissions.mock({
        authorize: async reqs =>
          reqs.map(() => ({ result: AuthorizeResult.ALLOW })),
        authorizeConditional: async (reqs, opts: any) => {
          const user = opts.credentials.principal.userEntityRef;
          return reqs.map(r =>
            createYtkPolicyConditionalDecision(
              r.permission as any,
              ytkPolicyConditions.isTeamMember({ claims: TEAMS[user] ?? [] }),
            ),
          ) as any;
        },
      }).factory,
    );
  }
  return startTestBackend({ features });
}

/** The third cluster's manifest directory (tests may add files to it). */
export function lintyClusterDir(): string {
  return lintyDir;
}
