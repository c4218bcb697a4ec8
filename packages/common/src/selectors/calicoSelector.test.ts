import {
  absentLabelMatches,
  calicoSelectorText,
  CalicoSelectorError,
  matchCalicoSelector,
  MAX_CALICO_SELECTOR_LENGTH,
  parseCalicoSelector,
  tryParseCalicoSelector,
} from './calicoSelector';

const labels = {
  app: 'web',
  role: 'frontend',
  'projectcalico.org/namespace': 'shop',
  'pcns.team': 'blue',
  version: 'v1.2.3',
};

const matches = (sel: string, l: Record<string, string> = labels) =>
  matchCalicoSelector(parseCalicoSelector(sel), l);

describe('Calico selector evaluation (docs.tigera.io selector table)', () => {
  it.each([
    ['', true],
    ['all()', true],
    ['!all()', false],
    ["app == 'web'", true],
    ['app == "web"', true],
    ["app == 'db'", false],
    // `!=` is true when the label is absent (P02)
    ["app != 'db'", true],
    ["missing != 'x'", true],
    ["app != 'web'", false],
    ['has(app)', true],
    ['has(missing)', false],
    ['!has(missing)', true],
    ["app in {'web', 'db'}", true],
    ["app in {'db'}", false],
    ['app in {}', false],
    ["missing in {'x'}", false],
    // `not in` is true when the label is absent (P02)
    ["missing not in {'x'}", true],
    ["app not in {'web'}", false],
    ["app not in {'db', }", true],
    ["version contains '1.2'", true],
    ["version starts with 'v1'", true],
    ["version ends with '.3'", true],
    ["version ends with '.4'", false],
    ["missing contains ''", false],
    ["app == 'web' && role == 'frontend'", true],
    ["app == 'web' && role == 'backend'", false],
    ["app == 'db' || role == 'frontend'", true],
    // `&&` binds tighter than `||`
    ["app == 'db' && role == 'x' || has(app)", true],
    ["app == 'db' && (role == 'x' || has(app))", false],
    ["!(app == 'db')", true],
    ["!!(app == 'web')", true],
    ["! app == 'web'", false],
    ["projectcalico.org/namespace == 'shop'", true],
    ['global()', true],
    ["  app\t==  'web'  ", true],
  ])('%j → %s', (sel, expected) => {
    expect(matches(sel)).toBe(expected);
  });

  it('applies a prefix (namespace labels are pcns.<key>)', () => {
    const ns = parseCalicoSelector("team == 'blue'");
    expect(matchCalicoSelector(ns, labels, { prefix: 'pcns.' })).toBe(true);
    expect(matchCalicoSelector(ns, labels)).toBe(false);
  });

  it('reads all() and global() as namespaceSelector does', () => {
    const opts = { namespaceKey: 'projectcalico.org/namespace' };
    expect(
      matchCalicoSelector(parseCalicoSelector('all()'), labels, opts),
    ).toBe(true);
    expect(
      matchCalicoSelector(parseCalicoSelector('global()'), labels, opts),
    ).toBe(false);
    expect(matchCalicoSelector(parseCalicoSelector('global()'), {}, opts)).toBe(
      true,
    );
  });

  it('does not unescape quotes: the other quote character is literal', () => {
    expect(matches(`app == "it's"`, { app: "it's" })).toBe(true);
    expect(matches(`app == 'say "hi"'`, { app: 'say "hi"' })).toBe(true);
  });
});

describe('Calico selector syntax errors (located)', () => {
  const column = (sel: string) => {
    const r = tryParseCalicoSelector(sel);
    if (!r.error) throw new Error(`expected an error for ${sel}`);
    return [r.error.column, r.error.message];
  };

  it.each([
    ["app = 'web'", 5, 'expected =='],
    ["app == 'web", 8, 'unterminated string'],
    // `web` is a label here; the lone quote starts an unterminated string
    ["app == web'", 11, 'unterminated string'],
    ['app == web ', 8, 'expected string'],
    ["app === 'web'", 7, 'expected =='],
    ["app == 'a' & b == 'c'", 12, 'expected &&'],
    ["app == 'a' | b == 'c'", 12, 'expected ||'],
    ["app is 'web'", 5, 'was expecting an operator'],
    ["app starts 'w'", 5, 'was expecting an operator'],
    // as upstream: an identifier running to the end is not one
    ['has(app', 5, 'no label name'],
    ['has(app ', 9, "no closing ')'"],
    ['has()', 5, 'no label name'],
    ["(app == 'a'", 12, 'expected )'],
    ["app == 'a')", 11, 'unexpected content at end'],
    ["app in 'a'", 8, 'expected set literal'],
    ["app in {'a' 'b'}", 13, 'expected }'],
    ['app', 1, 'unexpected characters'],
    ['app ', 5, 'unexpected end of string'],
    ["app == 'a' &&", 14, 'unexpected end of string'],
    ['&& has(a)', 1, 'unexpected token'],
    ['@', 1, 'unexpected characters'],
    ['has (app)', 5, 'expected an operator'],
  ])('%j fails at column %d (%s)', (sel, col, msg) => {
    const [c, m] = column(sel);
    expect({ c, m: String(m).includes(msg as string) }).toEqual({
      c: col,
      m: true,
    });
  });

  it('bounds the input size and nesting depth', () => {
    const long = `app == '${'x'.repeat(MAX_CALICO_SELECTOR_LENGTH)}'`;
    expect(() => parseCalicoSelector(long)).toThrow(CalicoSelectorError);
    const deep = `${'('.repeat(100)}has(a)${')'.repeat(100)}`;
    expect(() => parseCalicoSelector(deep)).toThrow(/nested deeper/);
    const ok = `${'('.repeat(10)}has(a)${')'.repeat(10)}`;
    expect(matches(ok, { a: '' })).toBe(true);
  });
});

describe('calicoSelectorText and absentLabelMatches', () => {
  it('prints a canonical form', () => {
    expect(
      calicoSelectorText(
        parseCalicoSelector("a == 'x' && (b in {'z','y'} || !has(c))"),
      ),
    ).toBe('(a == "x" && (b in {"y", "z"} || !has(c)))');
  });

  it('finds != / not in terms that also match endpoints lacking the label (P02)', () => {
    const keys = (s: string) =>
      absentLabelMatches(parseCalicoSelector(s)).map(x => x.key);
    expect(keys("env != 'prod'")).toEqual(['env']);
    expect(keys("env not in {'prod'}")).toEqual(['env']);
    expect(keys("has(env) && env != 'prod'")).toEqual([]);
    expect(keys("env in {'a','b'} && env != 'a'")).toEqual([]);
    expect(keys("(has(env) || app == 'x') && env != 'prod'")).toEqual(['env']);
    expect(keys("!(env != 'prod')")).toEqual([]);
  });
});

/*
 * Cases of libcalico-go's own parser table (selector/parser/parser_test.go), re-expressed:
 * [selector, labels that match, labels that do not].
 */
describe('libcalico-go parser cases', () => {
  type L = Record<string, string>;
  const cases: Array<[string, L[], L[]]> = [
    [
      'a == "b"',
      [{ a: 'b' }, { a: 'b', c: 'd' }],
      [{}, { a: 'c' }, { c: 'd' }],
    ],
    [
      'a == "b" && c == "d"',
      [{ a: 'b', c: 'd' }],
      [{}, { a: 'b', c: 'e' }, { a: 'b' }],
    ],
    [
      'a == "b" || c == "d"',
      [{ a: 'b' }, { c: 'd' }],
      [{}, { a: 'e', c: 'e' }],
    ],
    [
      `a in {"'", '"', "c"}`,
      [{ a: 'c' }, { a: '"' }, { a: "'" }],
      [{}, { a: 'e' }],
    ],
    [`a not in {"'", '"', "c"}`, [{}, { a: 'e' }], [{ a: 'c' }, { a: '"' }]],
    ['a != "a"', [{}], [{ a: 'a' }]],
    ['a contains "a"', [{ a: 'bab' }], [{}, { a: 'b' }, { b: 'aaa' }]],
    ['a starts with "a"', [{ a: 'abb' }], [{ a: 'baa' }, { b: 'aaa' }]],
    ['a ends with "a"', [{ a: 'bba' }], [{ a: 'aab' }, { b: 'aaa' }]],
    ['!a in {"a"}', [{ a: 'b' }], [{ a: 'a' }]],
    ['!!has(b)', [{ b: '' }], [{ a: 'b' }]],
    ['!! ! has(a)', [{ b: 'b' }], [{ a: 'b' }]],
    [' global()', [{}, { a: 'b' }], []],
    ["a != 'a1' && !b == 'b1'", [], [{ a: 'a1', b: 'b1' }]],
    ['!(!has(a) || has(b))', [{ a: 'a' }], [{ a: 'a', b: 'b' }]],
    ["a != 'a1' || b == 'b1'", [{ a: 'a1', b: 'b1' }], []],
    ["! a == 'a1' || ! b == 'b1'", [], [{ a: 'a1', b: 'b1' }]],
  ];
  it.each(cases)('%s', (sel, yes, no) => {
    const s = parseCalicoSelector(sel);
    expect(yes.map(l => matchCalicoSelector(s, l))).toEqual(
      yes.map(() => true),
    );
    expect(no.map(l => matchCalicoSelector(s, l))).toEqual(no.map(() => false));
    // and after canonicalising
    const c = parseCalicoSelector(calicoSelectorText(s));
    expect(yes.map(l => matchCalicoSelector(c, l))).toEqual(
      yes.map(() => true),
    );
  });

  it.each([
    'b == b',
    'b contains b',
    'b starts with b',
    "'b1' == b",
    'b',
    'a b',
    '!',
    'foo == "bar" &',
    'foo == "bar" |',
    'foo != ||',
    'foo in {"", ||',
    'foo in ""',
    '"FOO',
    `"FOO'`,
    "'FOO",
    '(',
    '(a == "foo"',
    ')',
    '()',
    '%',
    'a == "b" && %',
    'a ',
    'has(foo) &&',
  ])('rejects %j', sel => {
    expect(tryParseCalicoSelector(sel).error).toBeInstanceOf(
      CalicoSelectorError,
    );
  });

  it.each([
    ['', 'all()'],
    [' (all() )', 'all()'],
    ['! (has( b)||! has(a ))', '!(has(b) || !has(a))'],
    ['! (a == "b"&&! c != "d")', '!(a == "b" && !c != "d")'],
    [`a == '"'`, `a == '"'`],
    [`a startswith '"'`, `a starts with '"'`],
    [`a endswith "'"`, `a ends with "'"`],
    [`a!='"'`, `a != '"'`],
    ['a in {"z", "z", "x", "y", "x", "a"}', 'a in {"a", "x", "y", "z"}'],
  ])('canonicalises %j as %j', (input, canon) => {
    expect(calicoSelectorText(parseCalicoSelector(input))).toBe(canon);
  });
});
