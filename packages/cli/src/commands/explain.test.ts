import { EXAMPLES, runCli } from '../testUtils';

const base = ['explain', EXAMPLES, '--clusters-from-dirs'];

describe('ytk explain', () => {
  it('explains a cross-cluster flow dropped by mutual auth, with the deciding rules located', () => {
    const r = runCli([
      ...base,
      '--from',
      'checkout-api',
      '--to',
      'fraud-scoring',
      '--port',
      '50051/TCP',
    ]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('DENIED (cross-cluster)');
    expect(r.out).toMatch(/egress\s+ALLOW .*cluster eu-west, cilium/);
    expect(r.out).toContain(
      'examples/overlay/us-east/payments/cnp-fraud-scoring.yaml:',
    );
    expect(r.out).toMatch(/ClusterMesh/);
  });

  it('supports --expect for CI checks and JSON output', () => {
    const flow = [
      '--from',
      'eu-west/storefront/Deployment/web-frontend',
      '--to',
      'eu-west/payments/Deployment/checkout-api',
      '--port',
      '8080',
    ];
    expect(runCli([...base, ...flow, '--expect', 'allowed']).code).toBe(0);
    expect(runCli([...base, ...flow, '--expect', 'denied']).code).toBe(1);
    const json = JSON.parse(runCli([...base, ...flow, '--format', 'json']).out);
    expect(json.allowed).toBe(true);
    expect(json.egress.direction).toBe('egress');
    expect(json.ingress.rules.length).toBeGreaterThan(0);
  });

  it('accepts entities and addresses, and rejects a bad port', () => {
    const world = runCli([
      ...base,
      '--from',
      'world',
      '--to',
      'checkout-api',
      '--port',
      '8080/TCP',
      '--format',
      'json',
    ]);
    expect(JSON.parse(world.out).allowed).toBe(false);
    const bad = runCli([
      ...base,
      '--from',
      'checkout-api',
      '--to',
      'fraud-scoring',
      '--port',
      '70000',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--port');
    expect(
      runCli([...base, '--to', 'fraud-scoring', '--port', '1']).err,
    ).toContain('--from is required');
  });
});
