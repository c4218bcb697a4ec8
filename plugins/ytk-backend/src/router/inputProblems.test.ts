import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ingestText } from '@ytknetwork/common';
import request from 'supertest';
import { ytkPlugin } from '../plugin';
import {
  createYtkPolicyConditionalDecision,
  ytkPolicyConditions,
} from '../permissions';

/*
 * A manifests directory as a GitOps repository has it: a Pod with an unnamed container
 * (warning), a NetworkPolicy with an invalid port (error: the policy is ignored), a file that
 * is not valid YAML, a kustomization.yaml (info: kind not modelled), and another team's
 * Deployment in its own namespace.
 */
const FILES: Record<string, string> = {
  'apps/shop.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
  labels: { app: web, backstage.io/kubernetes-id: shop-api }
spec:
  containers:
    - image: nginx
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: web-in, namespace: shop }
spec:
  podSelector: { matchLabels: { app: web } }
  ingress:
    - ports: [{ port: 70000 }]
`,
  'apps/pay.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: { name: pay, namespace: pay }
spec:
  selector: { matchLabels: { app: pay } }
  template:
    metadata: { labels: { app: pay, backstage.io/kubernetes-id: pay } }
    spec: { containers: [{ name: pay }] }
`,
  'broken.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: [x\n',
  'kustomization.yaml':
    'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [apps/shop.yaml, apps/pay.yaml]\n',
};

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
const component = (name: string, owner: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, annotations: { 'backstage.io/kubernetes-id': name } },
  spec: { type: 'service', owner, lifecycle: 'production' },
});

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ytk-input-problems-'));
  for (const [file, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** `conditional`: `ytk.policy.read` for your own teams only, as a real deployment has it. */
async function start(
  options: { conditional?: boolean; manifests?: string } = {},
) {
  const features: any[] = [
    ytkPlugin,
    catalogServiceMock.factory({
      entities: [
        group('team-a'),
        group('team-b'),
        component('shop-api', 'team-a'),
        component('pay', 'team-b'),
      ] as any,
    }),
    mockServices.rootConfig.factory({
      data: {
        ytk: {
          clusters: [
            {
              name: 'repo',
              source: 'manifests',
              path: options.manifests ?? dir,
            },
          ],
          overlay: { debounceMs: 10 },
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

const get = (backend: any, url: string, user = 'user:default/alice') =>
  request(backend.server)
    .get(`/api/ytk${url}`)
    .set('authorization', mockCredentials.user.header(user));

/** file:line:column severity code message — what an editor diagnostic shows. */
const line = (p: any) =>
  `${p.file}:${p.line}:${p.column} ${p.severity} ${p.code} ${p.message}`;

describe('GET /clusters/:cluster/input-problems', () => {
  it('serves the located problems, relative to the directory, as ingestText gives them to the editor', async () => {
    const backend = await start();
    try {
      const res = await get(backend, '/clusters/repo/input-problems');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        cluster: 'repo',
        truncated: false,
      });
      const problems: any[] = res.body.problems;
      expect(res.body.total).toBe(problems.length);

      // Each case of the issue, located by 1-based line and column in a relative file.
      expect(problems).toContainEqual(
        expect.objectContaining({
          file: 'apps/shop.yaml',
          line: 9,
          column: 7,
          severity: 'warning',
          code: 'missing-field',
          path: ['spec', 'containers', 0, 'name'],
          object: { kind: 'Pod', namespace: 'shop', name: 'web' },
        }),
      );
      expect(problems).toContainEqual(
        expect.objectContaining({
          file: 'apps/shop.yaml',
          line: 17,
          severity: 'error',
          code: 'invalid-value',
          path: ['spec', 'ingress', 0, 'ports', 0, 'port'],
          object: { kind: 'NetworkPolicy', namespace: 'shop', name: 'web-in' },
        }),
      );
      expect(
        problems.filter(p => p.file === 'broken.yaml').map(p => p.code),
      ).toEqual(expect.arrayContaining(['yaml-syntax', 'file-skipped']));
      expect(
        problems.find(p => p.file === 'broken.yaml')?.object,
      ).toBeUndefined();
      expect(problems).toContainEqual(
        expect.objectContaining({
          file: 'kustomization.yaml',
          severity: 'info',
          code: 'unknown-kind',
          object: { kind: 'Kustomization', name: '' },
        }),
      );
      // Most severe first.
      const ranks = problems.map(p =>
        ['error', 'warning', 'info'].indexOf(p.severity),
      );
      expect(ranks).toEqual([...ranks].sort());

      // Nothing of the backend's own filesystem leaks.
      expect(res.text).not.toContain(dir);
      expect(res.text).not.toContain('file:');

      // The editor decodes workspace files with ingestText (extensions/vscode/src/server/decode.ts):
      // the same files give the same problems there.
      const editor = Object.entries(FILES).flatMap(([file, text]) =>
        ingestText(
          text,
          pathToFileURL(path.join(dir, file)).toString(),
        ).problems.map(p =>
          line({
            file,
            line: p.range.start.line + 1,
            column: p.range.start.character + 1,
            severity: p.severity,
            code: p.code,
            message: p.message,
          }),
        ),
      );
      expect(problems.map(line).sort()).toEqual(editor.sort());

      // The cluster card counts the same problems.
      const clusters = await get(backend, '/clusters');
      expect(clusters.body[0].inputProblems).toEqual({
        errors: problems.filter(p => p.severity === 'error').length,
        warnings: problems.filter(p => p.severity === 'warning').length,
        infos: problems.filter(p => p.severity === 'info').length,
      });
    } finally {
      await backend.stop();
    }
  });

  it('filters by severity', async () => {
    const backend = await start();
    try {
      const res = await get(
        backend,
        '/clusters/repo/input-problems?severity=warning',
      );
      expect(res.status).toBe(200);
      expect(res.body.problems.length).toBeGreaterThan(0);
      expect(res.body.total).toBe(res.body.problems.length);
      expect(new Set(res.body.problems.map((p: any) => p.severity))).toEqual(
        new Set(['warning']),
      );
    } finally {
      await backend.stop();
    }
  });

  it.each([
    // alice's team owns the Pod in shop: she sees the problems inside shop's objects.
    ['user:default/alice', true],
    // bob's team has a workload in pay only; carol is in no team.
    ['user:default/bob', false],
    ['user:default/carol', false],
  ])(
    '%s sees problems inside namespace shop: %s; file-level ones always',
    async (user, seesShop) => {
      const backend = await start({ conditional: true });
      try {
        const res = await get(backend, '/clusters/repo/input-problems', user);
        expect(res.status).toBe(200);
        const files = new Set(res.body.problems.map((p: any) => p.file));
        expect(files.has('apps/shop.yaml')).toBe(seesShop);
        expect(files.has('broken.yaml')).toBe(true);
        expect(files.has('kustomization.yaml')).toBe(true);
        expect(res.body.total).toBe(res.body.problems.length);
        // The cluster card counts what the caller may see, no more.
        const clusters = await get(backend, '/clusters', user);
        const counts = clusters.body[0].inputProblems;
        expect(counts.errors + counts.warnings + counts.infos).toBe(
          res.body.total,
        );
      } finally {
        await backend.stop();
      }
    },
  );

  it('caps the list, with the total and truncated', async () => {
    const many = fs.mkdtempSync(path.join(os.tmpdir(), 'ytk-input-many-'));
    const pods = Array.from(
      { length: 520 },
      (_, i) =>
        `apiVersion: v1\nkind: Pod\nmetadata: { name: p${i}, namespace: ns }\nspec: { containers: [{ image: nginx }] }\n`,
    );
    fs.writeFileSync(path.join(many, 'pods.yaml'), pods.join('---\n'));
    const backend = await start({ manifests: many });
    try {
      const res = await get(backend, '/clusters/repo/input-problems');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: 520, truncated: true });
      expect(res.body.problems).toHaveLength(500);
      // In file order: the first 500 Pods' warnings.
      expect(res.body.problems[499].object.name).toBe('p499');
    } finally {
      await backend.stop();
      fs.rmSync(many, { recursive: true, force: true });
    }
  });

  it('answers 401 without credentials, 404 for an unknown cluster, 400 naming a bad severity', async () => {
    const backend = await start();
    try {
      // (The test backend takes a request with no header as a default user: "none" is no credentials.)
      const anonymous = await request(backend.server)
        .get('/api/ytk/clusters/repo/input-problems')
        .set('authorization', mockCredentials.none.header());
      expect(anonymous.status).toBe(401);

      const unknown = await get(backend, '/clusters/nowhere/input-problems');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.name).toBe('NotFoundError');

      const bad = await get(
        backend,
        '/clusters/repo/input-problems?severity=fatal',
      );
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/'severity'/);

      const extra = await get(backend, '/clusters/repo/input-problems?x=1');
      expect(extra.status).toBe(400);
    } finally {
      await backend.stop();
    }
  });
});
