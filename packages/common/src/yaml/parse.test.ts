import { parseYamlDocuments } from './parse';

const uri = 'file:///p.yaml';

describe('parseYamlDocuments', () => {
  it('parses multiple documents with exact 0-based ranges', () => {
    const text = [
      'apiVersion: v1', // 0
      'kind: Namespace',
      'metadata:',
      '  name: a',
      '---', // 4
      '# comment',
      'apiVersion: cilium.io/v2',
      'kind: CiliumNetworkPolicy',
      'spec:',
      '  ingress:', // 9
      '    - fromEndpoints:',
      '        - matchLabels:',
      '            app: web', // 12
    ].join('\n');
    const { documents, problems } = parseYamlDocuments(text, { uri });
    expect(problems).toEqual([]);
    expect(documents).toHaveLength(2);
    expect(documents.map(d => d.index)).toEqual([0, 1]);
    const cnp = documents[1];
    expect(
      cnp.rangeOf([
        'spec',
        'ingress',
        0,
        'fromEndpoints',
        0,
        'matchLabels',
        'app',
      ]),
    ).toEqual({
      start: { line: 12, character: 17 },
      end: { line: 12, character: 20 },
    });
    expect(cnp.keyRangeOf(['spec', 'ingress', 0, 'fromEndpoints'])).toEqual({
      start: { line: 10, character: 6 },
      end: { line: 10, character: 19 },
    });
    expect(documents[0].rangeOf(['metadata', 'name'])).toEqual({
      start: { line: 3, character: 8 },
      end: { line: 3, character: 9 },
    });
    // A missing path falls back to the nearest existing ancestor.
    expect(cnp.rangeOf(['spec', 'ingress', 0, 'toPorts', 3])).toEqual(
      cnp.rangeOf(['spec', 'ingress', 0]),
    );
    expect(cnp.range.start).toEqual({ line: 6, character: 0 });
  });

  it('gives exact ranges in JSON', () => {
    const text =
      '{\n  "spec": {\n    "podSelector": {"matchLabels": {"app": "db"}}\n  }\n}\n';
    const { documents, problems } = parseYamlDocuments(text, { uri: 'x.json' });
    expect(problems).toEqual([]);
    const d = documents[0];
    expect(d.value).toEqual({
      spec: { podSelector: { matchLabels: { app: 'db' } } },
    });
    expect(d.rangeOf(['spec', 'podSelector', 'matchLabels', 'app'])).toEqual({
      start: { line: 2, character: 43 },
      end: { line: 2, character: 47 },
    });
    expect(d.keyRangeOf(['spec', 'podSelector'])).toEqual({
      start: { line: 2, character: 4 },
      end: { line: 2, character: 17 },
    });
  });

  it('unwraps List and *List kinds with item-relative paths', () => {
    const text = [
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicyList',
      'items:',
      '- metadata:',
      '    name: one',
      '- metadata:', // 5
      '    name: two',
      '  spec: {}',
    ].join('\n');
    const { documents } = parseYamlDocuments(text, { uri });
    expect(documents).toHaveLength(2);
    expect(documents[1].listItem).toBe(1);
    expect(documents[1].listKind).toBe('NetworkPolicyList');
    expect(documents[1].listApiVersion).toBe('networking.k8s.io/v1');
    expect(documents[1].rangeOf(['metadata', 'name'])).toEqual({
      start: { line: 6, character: 10 },
      end: { line: 6, character: 13 },
    });
    expect(documents[1].keyRangeOf(['spec'])).toEqual({
      start: { line: 7, character: 2 },
      end: { line: 7, character: 6 },
    });
    expect(documents[1].range.start).toEqual({ line: 5, character: 2 });
    const plain = parseYamlDocuments(
      'kind: List\napiVersion: v1\nitems: [{kind: Pod}, null]\n',
      { uri },
    );
    expect(plain.documents.map(d => d.value)).toEqual([{ kind: 'Pod' }]);
  });

  it('skips null and empty documents', () => {
    const { documents, problems } = parseYamlDocuments(
      '---\n---\n~\n---\n# only a comment\n---\na: 1\n',
      { uri },
    );
    expect(problems).toEqual([]);
    expect(documents.map(d => d.value)).toEqual([{ a: 1 }]);
  });

  it('reports syntax errors with exact ranges and keeps other documents', () => {
    const text = 'a: 1\n---\nb: c: d\n---\nc: 3\n';
    const { documents, problems } = parseYamlDocuments(text, { uri });
    expect(documents.map(d => d.value)).toEqual([{ a: 1 }, { c: 3 }]);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).toMatchObject({
      code: 'yaml-syntax',
      severity: 'error',
      uri,
    });
    expect(problems[0].range.start).toEqual({ line: 2, character: 3 });
    const dup = parseYamlDocuments('a: 1\na: 2\n', { uri });
    expect(dup.problems[0]).toMatchObject({
      code: 'yaml-syntax',
      range: {
        start: { line: 1, character: 0 },
        end: { line: 1, character: 1 },
      },
    });
  });

  it('supports merge keys and resolves ranges through aliases', () => {
    const text = 'base: &b\n  app: web\nsel:\n  <<: *b\n  tier: x\nref: *b\n';
    const { documents } = parseYamlDocuments(text, { uri });
    expect(documents[0].value).toEqual({
      base: { app: 'web' },
      sel: { app: 'web', tier: 'x' },
      ref: { app: 'web' },
    });
    expect(documents[0].rangeOf(['ref', 'app'])).toEqual({
      start: { line: 1, character: 7 },
      end: { line: 1, character: 10 },
    });
  });

  it('refuses a billion-laughs alias bomb quickly with a located error', () => {
    const lines = [
      'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ];
    const names = 'abcdefghi';
    for (let i = 1; i < names.length; i++) {
      const prev = names[i - 1];
      lines.push(
        `${names[i]}: &${names[i]} [${Array(9).fill(`*${prev}`).join(',')}]`,
      );
    }
    const t0 = performance.now();
    const { documents, problems } = parseYamlDocuments(lines.join('\n'), {
      uri,
    });
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(documents).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      code: 'yaml-limit',
      severity: 'error',
    });
    // Located at the first alias (line 1, "*a").
    expect(problems[0].range.start).toEqual({ line: 1, character: 7 });
  });

  it('refuses a 50 MB input in well under a second', () => {
    const big = 'a: '.concat('x'.repeat(50 * 1024 * 1024));
    const t0 = performance.now();
    const { documents, problems } = parseYamlDocuments(big, { uri });
    expect(performance.now() - t0).toBeLessThan(250);
    expect(documents).toEqual([]);
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'yaml-limit',
        range: {
          start: { line: 0, character: 0 },
          end: { line: 0, character: 0 },
        },
      }),
    ]);
  });

  it('counts UTF-8 bytes, not characters, against maxBytes', () => {
    const text = `a: ${'é'.repeat(600)}`; // 603 chars, 1203 bytes
    expect(
      parseYamlDocuments(text, { uri, limits: { maxBytes: 1000 } }).problems[0]
        ?.code,
    ).toBe('yaml-limit');
    expect(
      parseYamlDocuments(text, { uri, limits: { maxBytes: 2000 } }).problems,
    ).toEqual([]);
  });

  it('stops at maxDocuments with a located problem', () => {
    const text = Array.from({ length: 8 }, (_, i) => `---\nn: ${i}`).join('\n');
    const { documents, problems } = parseYamlDocuments(text, {
      uri,
      limits: { maxDocuments: 5 },
    });
    expect(documents.map(d => (d.value as { n: number }).n)).toEqual([
      0, 1, 2, 3, 4,
    ]);
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'yaml-limit',
        range: {
          start: { line: 10, character: 0 },
          end: { line: 10, character: 3 },
        },
      }),
    ]);
    const noMarker = 'n: 0\n---\nn: 1\n---\nn: 2\n';
    expect(
      parseYamlDocuments(noMarker, { uri, limits: { maxDocuments: 2 } })
        .documents,
    ).toHaveLength(2);
  });

  it.each([
    ['block sequences', `${'- '.repeat(5000)}x`],
    ['flow sequences', `${'['.repeat(100000)}${']'.repeat(100000)}`],
    ['flow maps', `${'{a: '.repeat(3000)}1${'}'.repeat(3000)}`],
    [
      'indented maps',
      Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n'),
    ],
  ])('refuses deep nesting (%s) fast without crashing', (_name, text) => {
    const t0 = performance.now();
    const { documents, problems } = parseYamlDocuments(text, { uri });
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(documents).toEqual([]);
    expect(problems[0]).toMatchObject({
      code: 'yaml-limit',
      severity: 'error',
    });
  });

  it('enforces maxDepth exactly after parsing', () => {
    const nest = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;
    expect(
      parseYamlDocuments(nest(10), { uri, limits: { maxDepth: 10 } }).problems,
    ).toEqual([]);
    const over = parseYamlDocuments(nest(11), {
      uri,
      limits: { maxDepth: 10 },
    });
    expect(over.problems).toEqual([
      expect.objectContaining({
        code: 'yaml-limit',
        range: {
          start: { line: 0, character: 10 },
          end: { line: 0, character: 13 },
        },
      }),
    ]);
    // A realistic deeply indented policy passes the default limit.
    const keys = Array.from(
      { length: 20 },
      (_, i) => `${'  '.repeat(i)}k${i}:`,
    );
    const policy = `${keys.join('\n')} v`;
    expect(parseYamlDocuments(policy, { uri }).problems).toEqual([]);
  });

  it('never throws, even on non-string input', () => {
    expect(() =>
      parseYamlDocuments(undefined as unknown as string, { uri }),
    ).not.toThrow();
    expect(
      parseYamlDocuments('\u0000\uffff: [', { uri }).problems.length,
    ).toBeGreaterThan(0);
  });
});
