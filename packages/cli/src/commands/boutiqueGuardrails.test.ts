import path from 'node:path';
import { BOUTIQUE, expectedFlowRows, REPO_ROOT, runCli } from '../testUtils';

/* The Online Boutique with AdminNetworkPolicy / BaselineAdminNetworkPolicy guardrails, against the
 * verdicts worked out by hand in test/fixtures/microservices-demo-guardrails/EXPECTED.md. */

const GUARDRAILS = path.join(
  REPO_ROOT,
  'test/fixtures/microservices-demo-guardrails',
);
/** The Flows table: from, to, port, verdict, egress and ingress decided by, deciding rule. */
const expectedFlows = () =>
  expectedFlowRows(path.join(GUARDRAILS, 'EXPECTED.md'));

describe('Online Boutique with guardrails (hand-checked)', () => {
  const flows = expectedFlows();

  it('has the rows the fixture documents', () => {
    expect(flows).toHaveLength(7);
  });

  it.each(flows)(
    '%s -> %s:%s is %s (egress %s, ingress %s: %s)',
    (from, to, port, verdict, egressLayer, ingressLayer, rule) => {
      const r = runCli([
        'explain',
        BOUTIQUE,
        GUARDRAILS,
        '--from',
        from,
        '--to',
        to,
        '--port',
        port,
        '--format',
        'json',
      ]);
      expect(r.code).toBe(0);
      const v = JSON.parse(r.out);
      expect([
        v.allowed ? 'allowed' : 'denied',
        v.egress.layer,
        v.ingress.layer,
      ]).toEqual([verdict, egressLayer, ingressLayer]);
      // Where an ANP rule decided the ingress, it is named (policy and rule name).
      const named = /^(\S+) `([^`]+)`/.exec(rule);
      expect(
        v.ingress.rules.map((x: any) => [x.policyName, x.ruleName]),
      ).toEqual(expect.arrayContaining(named ? [[named[1], named[2]]] : []));
      const passed = /passed on by (\S+) `([^`]+)`/.exec(rule);
      expect(
        (v.ingress.passedBy ?? []).map((x: any) => [x.policyName, x.ruleName]),
      ).toEqual(passed ? [[passed[1], passed[2]]] : []);
    },
  );

  it('connectivity: the base call graph minus checkout -> payment, plus loadgenerator on 8080', () => {
    const triples = (paths: string[]) => {
      const r = runCli(['connectivity', ...paths, '--format', 'json']);
      expect(r.code).toBe(0);
      return (JSON.parse(r.out).connections as any[]).flatMap(c =>
        c.ports.map(
          (p: any) => `${c.from.name}->${c.to.name}:${p.protocol}/${p.port}`,
        ),
      );
    };
    const base = new Set(triples([BOUTIQUE]));
    const guarded = new Set(triples([BOUTIQUE, GUARDRAILS]));
    expect([...base].filter(t => !guarded.has(t))).toEqual([
      'checkoutservice->paymentservice:TCP/50051',
    ]);
    expect([...guarded].filter(t => !base.has(t)).sort()).toEqual(
      [
        'adservice',
        'cartservice',
        'checkoutservice',
        'currencyservice',
        'emailservice',
        'productcatalogservice',
        'recommendationservice',
        'redis-cart',
        'shippingservice',
      ].map(to => `loadgenerator->${to}:TCP/8080`),
    );
    expect(guarded.size).toBe(24);
  });

  it('lint: the baseline is never reached', () => {
    const r = runCli([
      'lint',
      GUARDRAILS,
      '--context',
      BOUTIQUE,
      '--context',
      GUARDRAILS,
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(
      JSON.parse(r.out).findings.map((f: any) => [f.ruleId, f.severity]),
    ).toEqual([['banp-never-reached', 'info']]);
  });
});
