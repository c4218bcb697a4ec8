import { memo, withLintMemo } from './memo';

describe('lint memo', () => {
  it('computes once per owner and name inside a run, and forgets after it', () => {
    const owner = {};
    let calls = 0;
    const get = (name: string) => memo(owner, name, () => ++calls);
    withLintMemo(() => {
      expect(get('a')).toBe(1);
      expect(get('a')).toBe(1);
      expect(get('b')).toBe(2);
      expect(memo({}, 'a', () => ++calls)).toBe(3);
    });
    expect(withLintMemo(() => get('a'))).toBe(4);
  });

  it('does not cache outside a run', () => {
    const owner = {};
    let calls = 0;
    memo(owner, 'a', () => ++calls);
    memo(owner, 'a', () => ++calls);
    expect(calls).toBe(2);
  });

  it('shares the outer run with nested runs', () => {
    const owner = {};
    let calls = 0;
    withLintMemo(() => {
      memo(owner, 'a', () => ++calls);
      withLintMemo(() => memo(owner, 'a', () => ++calls));
    });
    expect(calls).toBe(1);
  });
});
