import { lint } from '../lint';
import { RULE_CATALOGUE, ruleMeta } from '../catalogue';
import { decode } from '../__testutils__/decode';
import { exampleOverlay } from '../__testutils__/overlay';
import { aggregateFlows, decodeHubbleFlows } from '../../observed';

const flowsOf = (lines: string[]) =>
  decodeHubbleFlows(lines.join('\n')).flows.map(f => f.flow);

/** The linted policy and the example overlay (lint puts the policy into its cluster). */
const withPolicy = (yaml: string) => ({
  doc: decode(yaml),
  overlay: exampleOverlay(),
});

describe.each(
  RULE_CATALOGUE.filter(m => m.needsFlows).map(m => [m.id, m] as const),
)('%s (observed flows)', (_id, meta) => {
  const flows = flowsOf(meta.exampleFlows ?? []);
  it('documents the flows its examples are linted with', () => {
    expect(flows.length).toBeGreaterThan(0);
  });
  it('triggers on the bad example', () => {
    const { doc, overlay } = withPolicy(meta.badExample);
    const found = lint(doc, { overlay, cluster: 'c1', observed: { flows } });
    expect(found.filter(f => f.ruleId === meta.id).length).toBeGreaterThan(0);
  });
  it('does not trigger on the good example', () => {
    const { doc, overlay } = withPolicy(meta.goodExample);
    const found = lint(doc, { overlay, cluster: 'c1', observed: { flows } });
    expect(found.filter(f => f.ruleId === meta.id)).toEqual([]);
  });
  it('neither runs nor reports without observed flows, even with an overlay', () => {
    const { doc, overlay } = withPolicy(meta.badExample);
    expect(
      lint(doc, { overlay, cluster: 'c1' }).filter(f => f.ruleId === meta.id),
    ).toEqual([]);
    expect(lint(doc).filter(f => f.ruleId === meta.id)).toEqual([]);
  });
});

describe('allow-rule-unused', () => {
  const meta = ruleMeta('allow-rule-unused')!;
  const flows = flowsOf(meta.exampleFlows!);

  it('is in the catalogue under its public id, as an info exposure rule that needs flows', () => {
    expect(meta).toMatchObject({
      id: 'allow-rule-unused',
      severity: 'info',
      category: 'exposure',
      needsContext: true,
      needsFlows: true,
    });
  });

  it('is located at the rule and suggests the generated least-privilege policy for the observed traffic', () => {
    const { doc, overlay } = withPolicy(meta.badExample);
    const [f] = lint(doc, {
      overlay,
      cluster: 'c1',
      observed: { flows, windowText: 'the last 7 days' },
    }).filter(x => x.ruleId === 'allow-rule-unused');
    expect(f.message).toBe(
      'CiliumNetworkPolicy shop/example ingress[0]: 1 of 2 allowed paths carried no forwarded flow in the last 7 days. Narrower rule: keep c1/shop/Deployment/web → c1/shop/Deployment/db on TCP/5432; drop c2/shop/Deployment/api → c1/shop/Deployment/db 5432/TCP.',
    );
    // 0-based line 10 of the example is the rule: `  - fromEndpoints:` under `ingress:`.
    expect(doc.resources[0].document!.text.split('\n')[10]).toBe(
      '    - fromEndpoints:',
    );
    expect(f.range.start.line).toBe(10);
    expect(f.suggestion?.title).toMatch(
      /^Replace ingress\[0\] of CiliumNetworkPolicy shop\/example with 1 least-privilege policy/,
    );
    const yaml = f.suggestion?.yaml ?? '';
    expect(yaml).toContain('# cluster: c1 (ingress)');
    expect(yaml).toContain('kind: CiliumNetworkPolicy');
    expect(yaml).toMatch(/app: db/);
    expect(yaml).toMatch(/app: web/);
    expect(yaml).toMatch(/port: "5432"|port: '5432'/);
  });

  it('a rule with no traffic at all: remove it', () => {
    const { doc, overlay } = withPolicy(meta.goodExample);
    const [f] = lint(doc, {
      overlay,
      cluster: 'c1',
      observed: { flows: [] },
    }).filter(x => x.ruleId === 'allow-rule-unused');
    expect(f.message).toContain(
      'allows 1 path and none carried a forwarded flow in the observed window',
    );
    expect(f.suggestion).toEqual({
      title: 'Remove ingress[0] of CiliumNetworkPolicy shop/example',
    });
  });

  it('aggregates and a window work as flows do', () => {
    const { doc, overlay } = withPolicy(meta.badExample);
    const { aggregates } = aggregateFlows(overlay, flows);
    const run = (window?: { from?: string }) =>
      lint(doc, {
        overlay,
        cluster: 'c1',
        observed: { aggregates, window },
      })
        .filter(x => x.ruleId === 'allow-rule-unused')
        .map(x => x.message);
    expect(run()).toEqual([
      expect.stringContaining(
        '1 of 2 allowed paths carried no forwarded flow in the observed window',
      ),
    ]);
    // The only flow is before the window: no path of the rule was used.
    expect(run({ from: '2026-12-02T00:00:00Z' })).toEqual([
      expect.stringContaining(
        'allows 2 paths and none carried a forwarded flow in the observed window',
      ),
    ]);
  });
});
