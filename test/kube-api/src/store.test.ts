import { Catalogue } from './catalogue';
import { StoreEvent, ObjectStore } from './store';
import { loadFixtures, parseFixtureText } from './fixtures';
import { mkdtempSync, mkdirSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const pod = (name: string, spec: object = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'a' },
  spec,
});

describe('ObjectStore', () => {
  it('versions every change with one counter and keeps identity across updates', () => {
    const s = new ObjectStore(new Catalogue(), { initialResourceVersion: 10 });
    const events: StoreEvent[] = [];
    s.subscribe(e => events.push(e));
    const a = s.upsert(pod('p'));
    const b = s.upsert(pod('p', { x: 1 }));
    const c = s.upsert({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'a', namespace: 'ignored' },
    });
    expect([a, b, c].map(o => o.metadata!.resourceVersion)).toEqual([
      '11',
      '12',
      '13',
    ]);
    expect(b.metadata!.uid).toBe(a.metadata!.uid);
    expect(b.metadata!.generation).toBe(2);
    expect(c.metadata!.namespace).toBeUndefined();
    const d = s.delete('v1', 'Pod', 'a', 'p');
    expect(d!.metadata!.resourceVersion).toBe('14');
    expect(events.map(e => e.type)).toEqual([
      'ADDED',
      'MODIFIED',
      'ADDED',
      'DELETED',
    ]);
    expect(s.delete('v1', 'Pod', 'a', 'p')).toBeUndefined();
    expect(() =>
      s.upsert({ apiVersion: 'x/v1', kind: 'Nope', metadata: { name: 'n' } }),
    ).toThrow(/unknown resource/);
  });

  it('expires versions older than the history window or a compaction', () => {
    const s = new ObjectStore(new Catalogue(), {
      initialResourceVersion: 0,
      historyLimit: 2,
    });
    ['a', 'b', 'c'].forEach(n => s.upsert(pod(n)));
    expect(s.eventsSince(0)).toBe('expired');
    expect(
      (s.eventsSince(1) as StoreEvent[]).map(e => e.object.metadata!.name),
    ).toEqual(['b', 'c']);
    s.compact();
    expect(s.eventsSince(2)).toBe('expired');
    expect(s.eventsSince(3)).toEqual([]);
  });
});

describe('fixtures', () => {
  it('reads multi-document YAML, unwraps lists, and walks directories', () => {
    const text = `apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\nkind: PodList\napiVersion: v1\nitems:\n- ${JSON.stringify(pod('p'))}\n`;
    expect(parseFixtureText(text).map(o => o.kind)).toEqual([
      'Namespace',
      'Pod',
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'fx-'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'b.yaml'), text);
    writeFileSync(join(dir, 'a.json'), JSON.stringify(pod('q')));
    writeFileSync(join(dir, 'README.md'), 'not yaml: [');
    expect(loadFixtures(dir).map(o => o.metadata!.name)).toEqual([
      'q',
      'a',
      'p',
    ]);
    expect(() => parseFixtureText('a: [', 'bad.yaml')).toThrow(/bad.yaml/);
  });
});
