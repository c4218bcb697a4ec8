import type { Workload } from '../model';
import {
  entityMatchesWorkload,
  parseEqualityLabelSelector,
} from './kubernetesAnnotations';

const w = (over: Partial<Workload>): Workload => ({
  ref: 'east/shop/Deployment/api',
  cluster: 'east',
  namespace: 'shop',
  kind: 'Deployment',
  name: 'api',
  labels: { app: 'api', 'backstage.io/kubernetes-id': 'shop-api' },
  namespaceLabels: {},
  serviceAccount: 'api',
  ports: [],
  podCount: 1,
  hostNetwork: false,
  ips: [],
  spiffeIds: [],
  annotations: {},
  ...over,
});

describe('entityMatchesWorkload', () => {
  it('matches by kubernetes-id label', () => {
    expect(
      entityMatchesWorkload(
        { 'backstage.io/kubernetes-id': 'shop-api' },
        w({}),
      ),
    ).toBe(true);
    expect(
      entityMatchesWorkload({ 'backstage.io/kubernetes-id': 'other' }, w({})),
    ).toBe(false);
  });
  it('narrows by namespace and cluster', () => {
    const id = { 'backstage.io/kubernetes-id': 'shop-api' };
    expect(
      entityMatchesWorkload(
        { ...id, 'backstage.io/kubernetes-namespace': 'x' },
        w({}),
      ),
    ).toBe(false);
    expect(
      entityMatchesWorkload(
        { ...id, 'backstage.io/kubernetes-cluster': 'west' },
        w({}),
      ),
    ).toBe(false);
    expect(
      entityMatchesWorkload(
        { ...id, 'backstage.io/kubernetes-cluster': 'east' },
        w({}),
      ),
    ).toBe(true);
  });
  it('matches by label selector', () => {
    const sel = (s: string) => ({
      'backstage.io/kubernetes-label-selector': s,
    });
    expect(entityMatchesWorkload(sel('app=api'), w({}))).toBe(true);
    expect(entityMatchesWorkload(sel('app=api,tier!=db'), w({}))).toBe(true);
    expect(entityMatchesWorkload(sel('app=web'), w({}))).toBe(false);
    expect(entityMatchesWorkload(sel('app in (api)'), w({}))).toBe(false);
    expect(entityMatchesWorkload({}, w({}))).toBe(false);
  });
  it('parses selector syntax', () => {
    expect(parseEqualityLabelSelector('a=b, c!=d,e,!f')).toEqual([
      { key: 'a', op: '=', value: 'b' },
      { key: 'c', op: '!=', value: 'd' },
      { key: 'e', op: 'exists' },
      { key: 'f', op: '!exists' },
    ]);
  });
});

describe('entityMatchesWorkload on annotations and existence terms', () => {
  it('matches a kubernetes-id carried as a workload annotation', () => {
    const onAnnotation = w({
      labels: { app: 'api' },
      annotations: { 'backstage.io/kubernetes-id': 'shop-api' },
    });
    expect(
      entityMatchesWorkload(
        { 'backstage.io/kubernetes-id': 'shop-api' },
        onAnnotation,
      ),
    ).toBe(true);
  });
  it('reads existence and absence terms of a selector', () => {
    const sel = (s: string) => ({
      'backstage.io/kubernetes-label-selector': s,
    });
    expect(entityMatchesWorkload(sel('app'), w({}))).toBe(true);
    expect(entityMatchesWorkload(sel('!app'), w({}))).toBe(false);
    expect(entityMatchesWorkload(sel('!legacy,app=api'), w({}))).toBe(true);
    expect(entityMatchesWorkload(sel(' , '), w({}))).toBe(false);
  });
});
