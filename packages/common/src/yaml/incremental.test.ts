import fs from 'node:fs';
import path from 'node:path';
import type { SourceDocument } from '../model/document';
import type { FieldPath } from '../model/source';
import { parseYamlIncremental, type IncrementalYaml } from './incremental';
import { parseYamlDocuments } from './parse';

const URI = 'file:///policy.yaml';

/** A CNP with `n` ingress rules, with comments, quoting, flow and block scalars. */
function policy(n: number): string {
  const rules = Array.from(
    { length: n },
    (_, i) => `    # rule ${i}
    - fromEndpoints:
        - matchLabels:
            app: client-${i}
            'io.kubernetes.pod.namespace': "shop"
      toPorts:
        - ports: [{ port: "${8000 + i}", protocol: TCP }]
          rules:
            http:
              - method: GET
                path: /v1/${i}
              - headers: |
                  X-Id: ${i}
`,
  );
  return `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: p
  namespace: shop
spec:
  endpointSelector:
    matchLabels:
      app: api
  ingress:
${rules.join('')}  egress:
  - toEntities: [world]
  - toFQDNs:
      - matchPattern: "*.example.com"
`;
}

function examples(): string[] {
  const root = path.resolve(__dirname, '../../../../examples/overlay');
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const f = path.join(d, e.name);
      if (e.isDirectory()) walk(f);
      else if (f.endsWith('.yaml')) out.push(fs.readFileSync(f, 'utf8'));
    }
  };
  walk(root);
  return out;
}

function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  'a',
  '9',
  ' ',
  '-',
  ':',
  '\n',
  '#',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  ',',
  '&x',
  '*x',
  '|',
  '\n        ',
  '\n    - ',
  'key: v\n',
  '  ',
  '\t',
  '<<: {}',
  '---\n',
];

/** A random edit: insert, delete or replace at a random offset (biased to editable spots). */
function edit(text: string, next: () => number): string {
  // Mostly inside indented lines (where sequence items are), sometimes anywhere.
  const starts = [...text.matchAll(/\n {4,}\S/g)].map(m => m.index! + 1);
  const at =
    starts.length && next() < 0.8
      ? starts[Math.floor(next() * starts.length)] + Math.floor(next() * 30)
      : Math.floor(next() * (text.length + 1));
  const piece = PIECES[Math.floor(next() * PIECES.length)];
  const r = next();
  if (r < 0.45) return text.slice(0, at) + piece + text.slice(at);
  const len = 1 + Math.floor(next() * 6);
  if (r < 0.75) return text.slice(0, at) + text.slice(at + len);
  return text.slice(0, at) + piece + text.slice(at + len);
}

function paths(value: unknown, prefix: FieldPath = []): FieldPath[] {
  const out: FieldPath[] = [prefix];
  if (Array.isArray(value))
    value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value))
      out.push(...paths(v, [...prefix, k]));
  return out;
}

function view(d: SourceDocument) {
  const all = [...paths(d.value), ['nope'], ['spec', 'nope', 3]];
  return {
    index: d.index,
    value: d.value,
    range: d.range,
    text: d.text,
    ranges: all.map(p => [p, d.rangeOf(p), d.keyRangeOf(p)]),
  };
}

function expectSameAsFull(state: IncrementalYaml, text: string) {
  const full = parseYamlDocuments(text, { uri: URI });
  expect(state.result.problems).toEqual(full.problems);
  expect(state.result.documents.map(view)).toEqual(full.documents.map(view));
}

describe('parseYamlIncremental', () => {
  it('equals a full parse after every one of many random edits', () => {
    const bases = [policy(12), ...examples()];
    let reused = 0;
    let steps = 0;
    bases.forEach((base, b) => {
      const next = rng(b + 1);
      for (let run = 0; run < 20; run++) {
        let text = base;
        let state = parseYamlIncremental(text, URI);
        for (let i = 0; i < 3; i++) {
          text = edit(text, next);
          state = parseYamlIncremental(text, URI, state);
          expectSameAsFull(state, text);
          steps++;
          if (state.reused) reused++;
        }
      }
    });
    // The splice path must really be exercised, not only the fallback.
    // (The edits are seeded: about 200 of the 3,000 steps splice; most random edits break the
    // YAML or cross an item's bounds and take the full parse.)
    expect(steps).toBeGreaterThan(1000);
    expect(reused).toBeGreaterThan(150);
  });

  it('re-parses only the edited rule of a large policy', () => {
    const text = policy(150);
    const state = parseYamlIncremental(text, URI);
    expect(state.reused).toBe(false);
    const edited = text.replace('path: /v1/77\n', 'path: /v2/77\n');
    const next = parseYamlIncremental(edited, URI, state);
    expect(next.reused).toBe(true);
    expectSameAsFull(next, edited);
    const value = next.result.documents[0].value as any;
    expect(value.spec.ingress[77].toPorts[0].rules.http[0].path).toBe('/v2/77');
  });

  it('falls back to a full parse for several documents and for anchors', () => {
    const two = `${policy(2)}---\n${policy(2)}`;
    const a = parseYamlIncremental(two, URI);
    const b = parseYamlIncremental(two.replace('/v1/1', '/v1/x'), URI, a);
    expect(b.reused).toBe(false);
    expectSameAsFull(b, two.replace('/v1/1', '/v1/x'));

    const anchored = policy(3).replace('app: client-0', 'app: &c client-0');
    const c = parseYamlIncremental(anchored, URI);
    const changed = anchored.replace('/v1/2', '/v1/y');
    const d = parseYamlIncremental(changed, URI, c);
    expect(d.reused).toBe(false);
    expectSameAsFull(d, changed);
  });
});
