import path from 'node:path';
import { BOUTIQUE, expectedFlowRows, REPO_ROOT, runCli } from '../testUtils';

/* The Online Boutique on Calico, against the verdicts worked out by hand in
 * test/fixtures/microservices-demo-calico/EXPECTED.md. */

const CALICO = path.join(REPO_ROOT, 'test/fixtures/microservices-demo-calico');
/** The Flows table: from, to, port, verdict, egress and ingress decided by, deciding rule. */
const expectedFlows = () => expectedFlowRows(path.join(CALICO, 'EXPECTED.md'));

/** `CalicoTier default` → [layer, tier]; `not applicable` → no layer. */
const layerOf = (text: string) =>
  text === 'not applicable' ? [undefined, undefined] : text.split(' ');

const name = (r: any) => r.calicoName ?? r.policyName;

describe('Online Boutique on Calico (hand-checked)', () => {
  const flows = expectedFlows();

  it('has the rows the fixture documents', () => {
    expect(flows).toHaveLength(6);
  });

  it.each(flows)(
    '%s -> %s:%s is %s (egress %s, ingress %s: %s)',
    (from, to, port, verdict, egressBy, ingressBy, rule) => {
      const r = runCli([
        'explain',
        BOUTIQUE,
        CALICO,
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
        v.egress.enforcer ?? v.ingress.enforcer,
        [v.egress.layer, v.egress.tier],
        [v.ingress.layer, v.ingress.tier],
      ]).toEqual([verdict, 'calico', layerOf(egressBy), layerOf(ingressBy)]);
      const m = /^(ingress|egress): (.+?)(?:, passed on by (\S+))?$/.exec(
        rule,
      )!;
      const side = v[m[1]];
      const end = /^end of tier (\S+)$/.exec(m[2]);
      // The deciding rules: the tier's ends (each selecting policy), or the named policy.
      const decided = end
        ? side.rules.every((x: any) => x.tierDefault && x.tier === end[1])
        : side.rules.map(name).includes(m[2]);
      const passed = (side.passedBy ?? []).map(name);
      const passedOk = !m[3] || passed.includes(m[3]);
      expect({ decided, passedOk, passed }).toEqual({
        decided: true,
        passedOk: true,
        passed,
      });
    },
  );

  it('connectivity: the base call graph plus loadgenerator -> emailservice', () => {
    const triples = (paths: string[]) => {
      const r = runCli(['connectivity', ...paths, '--format', 'json']);
      expect(r.code).toBe(0);
      return (JSON.parse(r.out).connections as any[]).flatMap(c =>
        c.ports.map(
          (p: any) =>
            `${c.from.name ?? c.from.cidr}->${c.to.name ?? c.to.cidr}:${p.protocol}/${p.port}`,
        ),
      );
    };
    const base = new Set(triples([BOUTIQUE]));
    const calico = new Set(triples([BOUTIQUE, CALICO]));
    expect([...base].filter(t => !calico.has(t))).toEqual([]);
    expect([...calico].filter(t => !base.has(t))).toEqual([
      'loadgenerator->emailservice:TCP/8080',
    ]);
    expect(calico.size).toBe(17);
  });

  it('lint: the security tier drops what payment-callers does not pass', () => {
    const r = runCli([
      'lint',
      CALICO,
      '--context',
      BOUTIQUE,
      '--context',
      CALICO,
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(
      JSON.parse(r.out).findings.map((f: any) => [f.ruleId, f.severity]),
    ).toEqual([['calico-tier-default-deny', 'warning']]);
  });
});
