/*
 * Against the real Backstage cache service on this machine's Redis (redis://127.0.0.1:6379, or
 * YTK_TEST_REDIS; `bash scripts/test-prereqs.sh` starts it).
 */
import { randomUUID } from 'node:crypto';
import { decodeObject, type ClusterSnapshot } from '@ytknetwork/common';
import { redisCache } from './__testUtils__/redisCache';
import { overlayContentKey, SharedViews } from './sharedViews';

const URL = process.env.YTK_TEST_REDIS ?? 'redis://127.0.0.1:6379';

function snapshot(
  name: string,
  pods: Array<{ name: string; rv?: string; app?: string }>,
): ClusterSnapshot {
  return {
    name,
    resources: pods.flatMap(
      p =>
        decodeObject({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: p.name,
            namespace: 'ns',
            uid: `uid-${p.name}`,
            labels: { app: p.app ?? p.name },
            ...(p.rv ? { resourceVersion: p.rv } : {}),
          },
          spec: { containers: [{ name: 'c', image: 'x' }] },
        }).resources,
    ),
  };
}

describe('overlayContentKey', () => {
  it('is the same for the same content, whatever the snapshot order or objects', () => {
    const a = [snapshot('c1', [{ name: 'a', rv: '1' }]), snapshot('c2', [])];
    const b = [snapshot('c2', []), snapshot('c1', [{ name: 'a', rv: '1' }])];
    expect(overlayContentKey(a)).toBe(overlayContentKey(b));
  });

  it('changes with a resourceVersion, and by content where there is none', () => {
    const key = (pods: Parameters<typeof snapshot>[1]) =>
      overlayContentKey([snapshot('c1', pods)]);
    expect(key([{ name: 'a', rv: '1' }])).not.toBe(
      key([{ name: 'a', rv: '2' }]),
    );
    // A manifest source's object: its content is the key.
    expect(key([{ name: 'a', app: 'x' }])).not.toBe(
      key([{ name: 'a', app: 'y' }]),
    );
    expect(key([{ name: 'a', app: 'x' }])).toBe(key([{ name: 'a', app: 'x' }]));
  });
});

describe('SharedViews', () => {
  const redis = redisCache(URL);
  const codeVersion = `test-${randomUUID()}`;
  afterAll(() => redis.close());

  it('computes on a miss, stores it, and another replica gets it without computing', async () => {
    const a = new SharedViews(redis.cache, { codeVersion, timeoutMs: 5_000 });
    const b = new SharedViews(redis.cache, { codeVersion, timeoutMs: 5_000 });
    const key = randomUUID();
    const codec = {
      encode: (m: Map<string, number>) => [...m],
      decode: (j: unknown) => new Map(j as Array<[string, number]>),
    };
    const compute = jest.fn(() => new Map([['p', 1]]));
    await expect(
      a.getOrCompute('subjects', key, compute, codec),
    ).resolves.toEqual({
      value: new Map([['p', 1]]),
      hit: false,
    });
    await expect(
      b.getOrCompute('subjects', key, compute, codec),
    ).resolves.toEqual({
      value: new Map([['p', 1]]),
      hit: true,
    });
    expect(compute).toHaveBeenCalledTimes(1);
    await redis.cache.delete(`${codeVersion}:subjects:${key}`);
  });

  it('does not share between code versions', async () => {
    const key = randomUUID();
    const older = new SharedViews(redis.cache, {
      codeVersion,
      timeoutMs: 5_000,
    });
    const newer = new SharedViews(redis.cache, {
      codeVersion: `${codeVersion}-next`,
      timeoutMs: 5_000,
    });
    await older.getOrCompute('posture', key, () => ({ v: 1 }));
    await expect(
      newer.getOrCompute('posture', key, () => ({ v: 2 })),
    ).resolves.toEqual({
      value: { v: 2 },
      hit: false,
    });
    await redis.cache.delete(`${codeVersion}:posture:${key}`);
    await redis.cache.delete(`${codeVersion}-next:posture:${key}`);
  });

  it('computes when the cache fails, without an error', async () => {
    const errors: unknown[] = [];
    const failing = {
      get: async () => {
        throw new Error('down');
      },
      set: async () => {
        throw new Error('down');
      },
      delete: async () => undefined,
      withOptions: () => failing,
    };
    const views = new SharedViews(failing, {
      codeVersion,
      onError: e => errors.push(e),
    });
    await expect(views.getOrCompute('posture', 'k', () => 7)).resolves.toEqual({
      value: 7,
      hit: false,
    });
    expect(errors).toHaveLength(2);
  });

  it('does not wait for a cache that does not answer', async () => {
    const never = new Promise<never>(() => {});
    const hanging = {
      get: () => never,
      set: () => never,
      delete: () => never,
      withOptions: () => hanging,
    };
    const views = new SharedViews(hanging, { codeVersion, timeoutMs: 50 });
    const started = Date.now();
    await expect(views.getOrCompute('posture', 'k', () => 7)).resolves.toEqual({
      value: 7,
      hit: false,
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
