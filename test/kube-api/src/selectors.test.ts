import {
  parseFieldSelector,
  parseLabelSelector,
  SelectorError,
} from './selectors';

const obj = (labels: Record<string, string>, name = 'x', extra = {}) => ({
  metadata: { name, namespace: 'ns', labels },
  ...extra,
});

describe('parseLabelSelector', () => {
  it.each([
    ['app=web', { app: 'web' }, true],
    ['app==web', { app: 'db' }, false],
    ['app!=web', { app: 'db' }, true],
    ['app!=web', {}, true],
    ['app', { app: '' }, true],
    ['app', {}, false],
    ['!app', {}, true],
    ['!app', { app: 'x' }, false],
    ['app in (web, db),tier', { app: 'db', tier: 'b' }, true],
    ['app in (web,db)', { app: 'api' }, false],
    ['app notin (web)', {}, true],
    ['app notin (web)', { app: 'web' }, false],
    ['app=web,tier=front', { app: 'web', tier: 'back' }, false],
    ['example.com/team=a', { 'example.com/team': 'a' }, true],
  ])('%s on %j is %s', (sel, labels, want) => {
    expect(parseLabelSelector(sel)(obj(labels))).toBe(want);
  });

  it('matches everything when empty and rejects garbage', () => {
    expect(parseLabelSelector('')(obj({}))).toBe(true);
    expect(() => parseLabelSelector('a=b=c')).toThrow(SelectorError);
  });
});

describe('parseFieldSelector', () => {
  it('selects on metadata and nested paths', () => {
    const o = obj({}, 'web-1', { spec: { nodeName: 'n1' } });
    expect(parseFieldSelector('metadata.name=web-1')(o)).toBe(true);
    expect(parseFieldSelector('metadata.name!=web-1')(o)).toBe(false);
    expect(
      parseFieldSelector('metadata.namespace==ns,spec.nodeName=n1')(o),
    ).toBe(true);
    expect(parseFieldSelector('spec.nodeName=n2')(o)).toBe(false);
    expect(() => parseFieldSelector('nonsense')).toThrow(SelectorError);
  });
});
