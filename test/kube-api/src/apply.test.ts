import {
  fieldPaths,
  fromFieldsV1,
  mergePatch,
  recordUpdate,
  serverSideApply,
  toFieldsV1,
} from './apply';
import { StatusError } from './status';

const cm = (data: Record<string, string>, labels?: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'c', namespace: 'n', ...(labels ? { labels } : {}) },
  data,
});

describe('server-side apply', () => {
  it('round-trips field paths through FieldsV1', () => {
    const paths = fieldPaths(cm({ a: '1', b: '2' }, { x: 'y' }));
    expect(paths).toEqual([
      ['metadata', 'labels', 'x'],
      ['data', 'a'],
      ['data', 'b'],
    ]);
    expect(toFieldsV1(paths)).toEqual({
      'f:metadata': { 'f:labels': { 'f:x': {} } },
      'f:data': { 'f:a': {}, 'f:b': {} },
    });
    expect(fromFieldsV1(toFieldsV1(paths))).toEqual(paths);
  });

  it('creates, then drops fields the manager stops setting', () => {
    const v1 = serverSideApply(undefined, cm({ a: '1', b: '2' }), 'm', false);
    expect(v1.data).toEqual({ a: '1', b: '2' });
    const v2 = serverSideApply(v1, cm({ a: '1' }), 'm', false);
    expect(v2.data).toEqual({ a: '1' });
    expect((v2.metadata!.managedFields as any[]).map(e => e.manager)).toEqual([
      'm',
    ]);
  });

  it('conflicts on another manager’s differing field unless forced; same value shares', () => {
    const base = serverSideApply(undefined, cm({ a: '1' }), 'one', false);
    const same = serverSideApply(base, cm({ a: '1' }), 'two', false);
    expect(
      (same.metadata!.managedFields as any[]).map(e => e.manager).sort(),
    ).toEqual(['one', 'two']);
    let err: unknown;
    try {
      serverSideApply(base, cm({ a: '2' }), 'two', false);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StatusError);
    expect((err as StatusError).status).toMatchObject({
      code: 409,
      reason: 'Conflict',
    });
    expect((err as StatusError).message).toContain(
      'conflict with "one": .data.a',
    );
    const forced = serverSideApply(base, cm({ a: '2' }), 'two', true);
    expect(forced.data).toEqual({ a: '2' });
    expect(
      (forced.metadata!.managedFields as any[]).map(e => e.manager),
    ).toEqual(['two']);
  });

  it('lets an Update take fields without conflict', () => {
    const base = serverSideApply(undefined, cm({ a: '1' }), 'one', false);
    const patched = mergePatch(base, { data: { a: '3', z: null } }) as any;
    const updated = recordUpdate(
      patched,
      { data: { a: '3' } } as any,
      'kubectl',
    );
    expect(updated.data).toEqual({ a: '3' });
    expect(
      (updated.metadata!.managedFields as any[]).map(
        e => `${e.manager}:${e.operation}`,
      ),
    ).toEqual(['kubectl:Update']);
  });
});

describe('mergePatch', () => {
  it('follows RFC 7386', () => {
    expect(
      mergePatch({ a: 'b', c: { d: 'e', f: 'g' } }, { a: 'z', c: { f: null } }),
    ).toEqual({ a: 'z', c: { d: 'e' } });
    expect(mergePatch({ a: [1, 2] }, { a: [3] })).toEqual({ a: [3] });
  });
});
