import fs from 'node:fs';
import { BOUTIQUE, EXAMPLES, runCli } from '../testUtils';

/** The table in EXPECTED.md, written by hand from the upstream call graph. */
function expectedBoutique(): string[] {
  const text = fs.readFileSync(`${BOUTIQUE}/EXPECTED.md`, 'utf8');
  return text
    .split('\n')
    .map(l => l.split('|').map(c => c.trim()))
    .filter(c => c.length === 6 && /^\d+$/.test(c[3]))
    .map(([, from, to, port, proto]) => `${from}->${to}:${proto}/${port}`)
    .sort();
}

describe('ytk connectivity', () => {
  it('reproduces the hand-checked Online Boutique call graph exactly', () => {
    const { code, out } = runCli([
      'connectivity',
      BOUTIQUE,
      '--format',
      'json',
    ]);
    expect(code).toBe(0);
    const json = JSON.parse(out);
    const got = json.connections
      .map((c: any) => {
        expect(c.ports).not.toBe('all');
        return c.ports.map(
          (p: any) => `${c.from.name}->${c.to.name}:${p.protocol}/${p.port}`,
        );
      })
      .flat()
      .sort();
    expect(expectedBoutique()).toHaveLength(16);
    expect(got).toEqual(expectedBoutique());
  });

  it('pins the JSON contract: workload endpoints, ports, entities', () => {
    const { out } = runCli([
      'connectivity',
      EXAMPLES,
      '--clusters-from-dirs',
      '--format',
      'json',
    ]);
    const json = JSON.parse(out);
    expect(Object.keys(json).sort()).toEqual(['connections', 'dropped']);
    for (const c of json.connections) {
      for (const e of [c.from, c.to]) {
        const keys = Object.keys(e).sort().join(',');
        expect([
          'cluster,kind,name,namespace',
          'entity',
          'cluster,entity',
          'cidr',
        ]).toContain(keys);
      }
      expect(
        c.ports === 'all' || (Array.isArray(c.ports) && c.ports.length > 0),
      ).toBe(true);
      const ranges = c.ports === 'all' ? [] : c.ports;
      for (const p of ranges) {
        expect(['TCP', 'UDP', 'SCTP']).toContain(p.protocol);
        expect(p.endPort ?? Infinity).toBeGreaterThan(p.port ?? 0);
      }
      expect(c.from).not.toEqual(c.to);
    }
    // A cross-cluster call that policy allows.
    expect(json.connections).toContainEqual(
      expect.objectContaining({
        from: {
          cluster: 'eu-west',
          namespace: 'payments',
          kind: 'Deployment',
          name: 'checkout-api',
        },
        to: {
          cluster: 'us-east',
          namespace: 'payments',
          kind: 'Deployment',
          name: 'payment-gateway',
        },
        ports: [{ protocol: 'TCP', port: 8443 }],
        crossCluster: true,
      }),
    );
    // Mutual auth across ClusterMesh: allowed by both sides' rules, dropped by the datapath.
    expect(json.dropped).toEqual([
      {
        from: {
          cluster: 'eu-west',
          namespace: 'payments',
          kind: 'Deployment',
          name: 'checkout-api',
        },
        to: {
          cluster: 'us-east',
          namespace: 'payments',
          kind: 'Deployment',
          name: 'fraud-scoring',
        },
        ports: [{ protocol: 'TCP', port: 50051 }],
        crossCluster: true,
        reason: 'authentication-required',
      },
    ]);
  });

  it('focuses on one workload and renders every format', () => {
    const focus = [
      'connectivity',
      EXAMPLES,
      '--clusters-from-dirs',
      '--focus',
      'fraud-scoring',
    ];
    const text = runCli(focus);
    expect(text.out).toContain('DROPPED TCP/50051');
    for (const line of text.out.trim().split('\n'))
      expect(line).toContain('fraud-scoring');
    expect(runCli([...focus, '--format', 'csv']).out.split('\n')[0]).toBe(
      'from,to,ports,crossCluster,authRequired',
    );
    expect(runCli([...focus, '--format', 'md']).out).toMatch(
      /^\| from \| to \| ports \| note \|/,
    );
    const dot = runCli([...focus, '--format', 'dot']).out;
    expect(dot).toMatch(/^digraph connectivity \{/);
    expect(dot).toContain('color=red');
  });

  it('rejects bad options with exit 2', () => {
    expect(runCli(['connectivity', EXAMPLES, '--format', 'xml']).code).toBe(2);
    const missing = runCli(['connectivity', '/nonexistent/path']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(
      '/nonexistent/path: no such file or directory',
    );
    expect(
      runCli([
        'connectivity',
        EXAMPLES,
        '--clusters-from-dirs',
        '--focus',
        'nope',
      ]).err,
    ).toContain('--focus: no workload "nope"');
  });
});
