import { MAX_BODIES, serializedBody } from './serializedBodies';

describe('serializedBody', () => {
  it('builds a body once per source and key, each with its own ETag', () => {
    const from = {};
    let builds = 0;
    const build = () => ({ n: ++builds });
    const a = serializedBody(from, 'a', build);
    expect(serializedBody(from, 'a', build)).toBe(a);
    expect(JSON.parse(a.body.toString())).toEqual({ n: 1 });
    const b = serializedBody(from, 'b', build);
    const other = serializedBody({}, 'a', build);
    expect(builds).toBe(3);
    expect(new Set([a.etag, b.etag, other.etag]).size).toBe(3);
  });

  it('keeps at most MAX_BODIES keys per source, dropping the oldest', () => {
    const from = {};
    const first = serializedBody(from, 'k0', () => 0);
    for (let i = 1; i <= MAX_BODIES; i++)
      serializedBody(from, `k${i}`, () => i);
    const last = serializedBody(from, `k${MAX_BODIES}`, () => -1);
    expect(JSON.parse(last.body.toString())).toBe(MAX_BODIES);
    expect(serializedBody(from, 'k0', () => 'again')).not.toBe(first);
  });
});
