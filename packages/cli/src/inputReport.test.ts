import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './testUtils';

/* Exit codes and the additive JSON fields when input has problems (docs/cli.md). */
describe('input problems', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ytk-input-'));
    const w = (f: string, t: string) => fs.writeFileSync(path.join(dir, f), t);
    w(
      'pods.yaml',
      [
        'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop, labels: {app: web}}\nspec:\n  containers: [{image: web}]',
        'apiVersion: v1\nkind: Pod\nmetadata: {name: db, namespace: shop, labels: {app: db}}\nspec:\n  containers: [{name: db, ports: [{containerPort: 5432}]}]',
      ].join('\n---\n'),
    );
    // Would allow only web -> db:5432; its port is invalid, so it is left out.
    w(
      'policy.yaml',
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress: [{ports: [{port: 99999}]}]\n',
    );
    w('values.yaml', 'replicaCount: 1\n');
    w('report.json', '{"passed": true}');
    w(
      'kustomization.yaml',
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [pods.yaml]\n',
    );
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('connectivity evaluates the rest, exits 0, and says which policy it ignored', () => {
    const r = runCli(['connectivity', dir]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('default/shop/Pod/web -> default/shop/Pod/db');
    expect(r.err).toMatch(
      /policy\.yaml:\d+:\d+: error spec\.ingress\[0\]\.ports\[0\]\.port/,
    );
    expect(r.err).toMatch(
      /warning: policy NetworkPolicy shop\/db ignored .*connectivity for its subjects may differ in the cluster/,
    );
    expect(r.err).toMatch(/values\.yaml:1:1: note .*document skipped/);
    expect(r.err).toMatch(/report\.json:1:1: note .*document skipped/);
    expect(r.err).toContain(
      'skipped objects of kinds ytk does not model: Kustomization',
    );
    expect(r.err).toMatch(
      /pods\.yaml:\d+:\d+: warning spec\.containers\[0\]\.name/,
    );
  });

  it('--strict fails with exit 2 on any input error and evaluates nothing', () => {
    const r = runCli(['connectivity', dir, '--strict']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('1 input error; nothing evaluated (--strict)');
    // Warnings and notes alone do not fail --strict.
    fs.rmSync(path.join(dir, 'policy.yaml'));
    expect(runCli(['connectivity', dir, '--strict']).code).toBe(0);
  });

  it('JSON output carries warnings and ignored policies as data, additively', () => {
    const r = runCli(['connectivity', dir, '--format', 'json']);
    const json = JSON.parse(r.out);
    expect(json.connections.length).toBeGreaterThan(0);
    expect(json.ignoredPolicies).toEqual([
      expect.objectContaining({
        id: 'default/shop/NetworkPolicy/db',
        kind: 'NetworkPolicy',
        namespace: 'shop',
        name: 'db',
        uri: expect.stringMatching(/policy\.yaml$/),
      }),
    ]);
    const codes = json.warnings.map((w: any) => `${w.severity} ${w.code}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        'error invalid-value',
        'warning missing-field',
        'info not-kubernetes',
        'info unknown-kind',
      ]),
    );
    expect(json.warnings[0].range.start).toEqual(
      expect.objectContaining({ line: expect.any(Number) }),
    );
  });

  it('explain qualifies its verdict with the ignored policy', () => {
    const r = runCli([
      'explain',
      dir,
      '--from',
      'shop/web',
      '--to',
      'shop/db',
      '--port',
      '5432',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/ALLOWED/);
    expect(r.out).toMatch(/policy NetworkPolicy shop\/db ignored/);
  });

  it('lint --context tolerates a folder with problems and still lints', () => {
    const target = path.join(dir, 'policy.yaml');
    const r = runCli(['lint', target, '--context', dir, '--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).findings.length).toBeGreaterThan(0);
    expect(r.err).toMatch(/values\.yaml:1:1: note/);
  });
});
