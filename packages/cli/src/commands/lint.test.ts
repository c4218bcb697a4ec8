import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXAMPLES, runCli } from '../testUtils';

describe('ytk lint', () => {
  it('finds every deliberate mistake of the example overlay, located, and exits 1', () => {
    const r = runCli([
      'lint',
      EXAMPLES,
      '--clusters-from-dirs',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(1);
    const { findings } = JSON.parse(r.out);
    const ids = new Set(findings.map((f: any) => f.ruleId));
    for (const id of [
      'cilium-auth-cross-cluster',
      'cilium-empty-peer-list',
      'egress-default-deny-without-dns',
      'selector-on-filtered-label',
      'cilium-fqdn-without-dns-proxy',
      'spiffe-id-template-invalid',
    ])
      expect(ids).toContain(id);
    // The public JSON contract: 0-based ranges, a uri relative to the working directory.
    const auth = findings.find(
      (f: any) => f.ruleId === 'cilium-auth-cross-cluster',
    );
    expect(Object.keys(auth).slice(0, 6)).toEqual([
      'ruleId',
      'category',
      'severity',
      'message',
      'uri',
      'range',
    ]);
    expect(auth.uri).toMatch(
      /examples\/overlay\/us-east\/payments\/cnp-fraud-scoring\.yaml$/,
    );
    const line = fs
      .readFileSync(path.resolve(process.cwd(), auth.uri), 'utf8')
      .split('\n')[auth.range.start.line];
    expect(line).toContain('required');
  });

  it('filters by severity and prints SARIF', () => {
    const errorsOnly = JSON.parse(
      runCli([
        'lint',
        EXAMPLES,
        '--clusters-from-dirs',
        '--format',
        'json',
        '--min-severity',
        'error',
      ]).out,
    );
    expect(errorsOnly.findings.every((f: any) => f.severity === 'error')).toBe(
      true,
    );
    const sarif = JSON.parse(
      runCli(['lint', EXAMPLES, '--clusters-from-dirs', '--format', 'sarif'])
        .out,
    );
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results.length).toBeGreaterThan(0);
  });

  it('exits 0 on a clean policy and reports a YAML syntax error with its line', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ytk-lint-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'ok.yaml'),
        `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
    ports: [{protocol: TCP, port: 5432}]
`,
      );
      expect(runCli(['lint', dir, '--min-severity', 'warning']).code).toBe(0);
      fs.writeFileSync(
        path.join(dir, 'bad.yaml'),
        'kind: NetworkPolicy\nmetadata: {name: x\n',
      );
      const bad = runCli(['lint', dir, '--format', 'json']);
      expect(bad.code).toBe(1);
      const syntax = JSON.parse(bad.out).findings.find(
        (f: any) => f.category === 'schema',
      );
      expect(syntax.uri).toMatch(/bad\.yaml$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
