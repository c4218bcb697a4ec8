import fc from 'fast-check';
import { lint } from './lint';
import { RULE_CATALOGUE } from './catalogue';
import { decode } from './__testutils__/decode';

const SEEDS = RULE_CATALOGUE.flatMap(m => [m.badExample, m.goodExample]);
const PER_DOC_MS = 500;

function timed(text: string) {
  const t0 = Date.now();
  const findings = lint(decode(text));
  const ms = Date.now() - t0;
  expect(ms).toBeLessThan(PER_DOC_MS);
  for (const f of findings) {
    expect(typeof f.ruleId).toBe('string');
    expect(f.range.start.line).toBeGreaterThanOrEqual(0);
  }
  expect(findings.filter(f => f.ruleId === 'lint/internal-error')).toEqual([]);
}

/** Mutations that keep documents YAML-ish: drop, duplicate or swap lines, change scalars and indentation. */
const mutated = fc
  .tuple(
    fc.constantFrom(...SEEDS),
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.constantFrom(
          'drop',
          'dup',
          'indent',
          'dedent',
          'empty-list',
          'empty-map',
          'number',
          'junk',
        ),
      ),
      { minLength: 1, maxLength: 6 },
    ),
    fc.string(),
  )
  .map(([seed, ops, junk]) => {
    const lines = seed.split('\n');
    for (const [n, op] of ops) {
      const i = n % lines.length;
      switch (op) {
        case 'drop':
          lines.splice(i, 1);
          break;
        case 'dup':
          lines.splice(i, 0, lines[i]);
          break;
        case 'indent':
          lines[i] = `  ${lines[i]}`;
          break;
        case 'dedent':
          lines[i] = lines[i].replace(/^ {2}/, '');
          break;
        case 'empty-list':
          lines[i] = lines[i].replace(/:.*$/, ': []');
          break;
        case 'empty-map':
          lines[i] = lines[i].replace(/:.*$/, ': {}');
          break;
        case 'number':
          lines[i] = lines[i].replace(/:.*$/, ': 12345');
          break;
        default:
          lines[i] = `${lines[i]}${junk}`;
      }
    }
    return lines.join('\n');
  });

describe('lint fuzz', () => {
  it('never throws and stays fast on mutated policies', () => {
    fc.assert(
      fc.property(mutated, text => timed(text)),
      { numRuns: 300 },
    );
  });

  it('never throws on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), text => timed(text)),
      { numRuns: 200 },
    );
  });

  it('never throws on arbitrary JSON-shaped policies', () => {
    const kinds = fc.constantFrom(
      'CiliumNetworkPolicy',
      'CiliumClusterwideNetworkPolicy',
      'NetworkPolicy',
      'ClusterSPIFFEID',
      'ClusterFederatedTrustDomain',
      'ConfigMap',
      'Service',
    );
    const doc = fc.record({
      apiVersion: fc.string(),
      kind: kinds,
      metadata: fc.anything(),
      spec: fc.anything(),
      specs: fc.anything(),
      data: fc.anything(),
    });
    fc.assert(
      fc.property(doc, d => timed(JSON.stringify(d))),
      { numRuns: 300 },
    );
  });
});
