import path from 'node:path';
import { POSTURE_REQUIREMENTS } from '@ytknetwork/common';
import { EXAMPLES, REPO_ROOT, runCli } from '../testUtils';

const CATALOG = path.join(REPO_ROOT, 'examples/catalog');

function postureJson(extra: string[] = []) {
  const r = runCli([
    'posture',
    EXAMPLES,
    '--clusters-from-dirs',
    '--format',
    'json',
    ...extra,
  ]);
  return { ...r, json: JSON.parse(r.out) };
}

const status = (json: any, requirement: string, boundary: string) =>
  json.results.find(
    (r: any) => r.requirement === requirement && r.boundary === boundary,
  )?.status;

describe('ytk posture', () => {
  // Expected statuses stated by hand from examples/overlay/README.md and SEMANTICS.md.
  it('assesses the bundled example overlay as the semantics say, and exits 1', () => {
    const { code, json } = postureJson();
    expect(code).toBe(1);
    // §2.13: both clusters enforce (enable-policy default, audit mode off).
    expect(status(json, 'PR10', 'eu-west')).toBe('met');
    expect(status(json, 'PR10', 'us-east')).toBe('met');
    // Neither cilium-config enables WireGuard or IPsec, and there are cross-cluster flows.
    expect(status(json, 'PR06', 'eu-west')).toBe('not met');
    expect(status(json, 'PR06', 'us-east')).toBe('not met');
    // §2.14: mutual auth never holds across ClusterMesh; checkout-api → fraud-scoring is dropped.
    const pr07 = json.results.find((r: any) => r.requirement === 'PR07');
    expect(pr07.status).toBe('not met');
    const fraud = pr07.evidence.filter((e: any) =>
      e.text.startsWith(
        'eu-west/payments/Deployment/checkout-api → us-east/payments/Deployment/fraud-scoring',
      ),
    );
    expect(fraud).toHaveLength(1);
    expect(fraud[0].text).toMatch(/dropped/);
    expect(fraud[0].text).not.toMatch(/allowed/);
    expect(
      pr07.evidence.some((e: any) => e.ref === 'cilium-auth-cross-cluster'),
    ).toBe(true);
    // §5.2: eu-west renders valid IDs; the us-east template has an empty segment (mistake 6).
    expect(
      status(json, 'PR08', 'eu-west/payments/Deployment/checkout-api'),
    ).toBe('met');
    expect(
      status(json, 'PR08', 'us-east/payments/Deployment/fraud-scoring'),
    ).toBe('not met');
    // kube-system is not selected by the team ClusterSPIFFEIDs.
    expect(status(json, 'PR08', 'eu-west/kube-system/Deployment/coredns')).toBe(
      'not met',
    );
    // Each cluster declares the other's trust domain and federates with it.
    expect(status(json, 'PR09', 'eu-west')).toBe('met');
    expect(status(json, 'PR09', 'us-east')).toBe('met');
    // payments: default deny both ways; storefront: session-cache is not egress-isolated.
    expect(status(json, 'PR01', 'eu-west/payments')).toBe('met');
    expect(status(json, 'PR02', 'eu-west/payments')).toBe('met');
    expect(status(json, 'PR02', 'eu-west/storefront')).toBe('partly');
    expect(
      status(json, 'PR03', 'eu-west/storefront/StatefulSet/session-cache'),
    ).toBe('not met');
    expect(
      status(json, 'PR03', 'eu-west/storefront/Deployment/web-frontend'),
    ).toBe('met');
    // Policies as evidence, with their source position.
    const pay = json.results.find(
      (r: any) => r.requirement === 'PR01' && r.boundary === 'eu-west/payments',
    );
    const deny = pay.evidence.find(
      (e: any) => e.ref === 'eu-west/payments/NetworkPolicy/default-deny',
    );
    expect(deny.location.uri).toMatch(
      /examples\/overlay\/eu-west\/payments\/netpol-default-deny\.yaml$/,
    );
    expect(deny.location.range.start.line).toBeGreaterThan(0);
  });

  it('pins the public JSON contract (docs/cli.md)', () => {
    const { json } = postureJson();
    expect(Object.keys(json)).toEqual([
      'catalogueVersion',
      'overlayVersion',
      'scope',
      'requirements',
      'summary',
      'residualRisk',
      'results',
    ]);
    expect(json.catalogueVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(json.requirements.map((r: any) => r.id)).toEqual(
      POSTURE_REQUIREMENTS.map(r => r.id),
    );
    expect(Object.keys(json.requirements[0])).toEqual([
      'id',
      'slug',
      'title',
      'boundary',
      'stride',
      'source',
    ]);
    expect(Object.keys(json.summary[0])).toEqual(['requirement', 'status']);
    expect(Object.keys(json.residualRisk[0])).toEqual([
      'stride',
      'status',
      'open',
      'boundaries',
    ]);
    expect(Object.keys(json.results[0])).toEqual([
      'requirement',
      'boundary',
      'boundaryKind',
      'status',
      'summary',
      'evidence',
    ]);
    for (const r of json.results) {
      expect(['met', 'partly', 'not met', 'unknown']).toContain(r.status);
      for (const e of r.evidence) {
        expect([
          'policy',
          'finding',
          'cilium-config',
          'spire',
          'connection',
          'workload',
        ]).toContain(e.kind);
        expect(typeof e.text).toBe('string');
      }
    }
  });

  it('scopes to a team from the catalog', () => {
    const { code, json } = postureJson([
      '--team-from-catalog',
      CATALOG,
      '--team',
      'payments',
    ]);
    expect(code).toBe(1);
    expect(json.scope.name).toBe('payments');
    const workloadBoundaries = json.results
      .filter((r: any) => r.boundaryKind === 'workload')
      .map((r: any) => r.boundary);
    expect(workloadBoundaries.length).toBeGreaterThan(0);
    for (const b of workloadBoundaries) expect(b).toMatch(/\/payments\//);
  });

  it('rejects a team that owns nothing, or --team without a catalog (exit 2)', () => {
    const none = runCli([
      'posture',
      EXAMPLES,
      '--clusters-from-dirs',
      '--team-from-catalog',
      CATALOG,
      '--team',
      'nobody',
    ]);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/owns no workload/);
    const bare = runCli(['posture', EXAMPLES, '--team', 'payments']);
    expect(bare.code).toBe(2);
  });

  it('writes a self-contained, printable HTML report and Markdown', () => {
    const html = runCli([
      'posture',
      EXAMPLES,
      '--clusters-from-dirs',
      '--format',
      'html',
    ]);
    expect(html.out).toMatch(/^<!DOCTYPE html>/);
    expect(html.out).toContain('<style>');
    expect(html.out).toContain('@media print');
    expect(html.out).not.toMatch(/<script|<link|src=|url\(|href="http/i);
    for (const r of POSTURE_REQUIREMENTS)
      expect(html.out).toContain(`id="${r.id}"`);
    const md = runCli(['posture', EXAMPLES, '--clusters-from-dirs']);
    expect(md.out).toMatch(/^# Security posture/);
    expect(md.out).toContain(
      '| PR07 | Cross-cluster traffic mutually authenticated | not met |',
    );
  });

  it('writes SARIF with one rule per requirement', () => {
    const r = runCli([
      'posture',
      EXAMPLES,
      '--clusters-from-dirs',
      '--format',
      'sarif',
    ]);
    const sarif = JSON.parse(r.out);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].tool.driver.rules.map((x: any) => x.id)).toEqual(
      POSTURE_REQUIREMENTS.map(x => x.id),
    );
    const pr06 = sarif.runs[0].results.find((x: any) => x.ruleId === 'PR06');
    expect(pr06.level).toBe('error');
  });
});
