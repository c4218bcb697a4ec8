import type { RequestContext } from './context';
import { sharedScope } from './scopes';

describe('sharedScope', () => {
  const ctxOf = () => ({ owners: new Map() }) as unknown as RequestContext;

  it('finds a scope once per owner map and key, sorted, one Set for every request', async () => {
    const ctx = ctxOf();
    const refsOf = jest.fn(async () => ['b/ns/Pod/x', 'a/ns/Pod/y']);
    const first = await sharedScope(ctx, 'team:t', refsOf);
    const again = await sharedScope(ctx, 'team:t', refsOf);
    expect(first.refs).toEqual(['a/ns/Pod/y', 'b/ns/Pod/x']);
    expect([...first.scope]).toEqual(first.refs);
    expect(again).toBe(first);
    expect(refsOf).toHaveBeenCalledTimes(1);
    // Another key, or another owner map (a new version or catalog read): found again.
    expect(await sharedScope(ctx, 'entity:e', refsOf)).not.toBe(first);
    expect(await sharedScope(ctxOf(), 'team:t', refsOf)).not.toBe(first);
    expect(refsOf).toHaveBeenCalledTimes(3);
  });
});
