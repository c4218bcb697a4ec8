import { lint } from './lint';
import { RULE_CATALOGUE } from './catalogue';
import { decode } from './__testutils__/decode';
import { exampleOverlay } from './__testutils__/overlay';

describe.each(
  RULE_CATALOGUE.filter(m => m.needsContext && !m.needsFlows).map(
    m => [m.id, m] as const,
  ),
)('%s (context)', (_id, meta) => {
  const overlay = exampleOverlay();
  it('triggers on the bad example', () => {
    const findings = lint(decode(meta.badExample), { overlay, cluster: 'c1' });
    expect(findings.filter(f => f.ruleId === meta.id).length).toBeGreaterThan(
      0,
    );
  });
  it('does not trigger on the good example', () => {
    const findings = lint(decode(meta.goodExample), { overlay, cluster: 'c1' });
    expect(findings.filter(f => f.ruleId === meta.id)).toEqual([]);
  });
  it('does not run without an overlay', () => {
    expect(
      lint(decode(meta.badExample)).filter(f => f.ruleId === meta.id),
    ).toEqual([]);
  });
});

describe('overlay sanity', () => {
  it('has the example workloads', () => {
    const c1 = exampleOverlay().clusters[0];
    expect(c1.cilium?.policyDefaultLocalCluster).toBe(true);
    expect(c1.workloads.map(w => w.name).sort()).toEqual(['db', 'web']);
    expect(c1.workloads.find(w => w.name === 'db')!.ports[0].name).toBe('pg');
  });
});
