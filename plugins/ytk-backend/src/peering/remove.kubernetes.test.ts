/*
 * removeAppliedPolicies against real API servers (test/kube-api) through @kubernetes/client-node,
 * with someone else changing the object between ytk's read and its delete.
 */
import { KubeConfig } from '@kubernetes/client-node';
import {
  PEERING_REQUEST_LABEL,
  type GeneratedPolicy,
} from '@ytknetwork/common';
import {
  startKubeApiServer,
  type KubeApiServer,
} from '@ytknetwork/kube-api-test-server';
import type { ClusterConfig } from '../config';
import { removeAppliedPolicies } from './remove';
import type { ApplyResult } from './store';

const REQUEST = 'req-1';

const cnp = (name: string, request = REQUEST) => ({
  apiVersion: 'cilium.io/v2',
  kind: 'CiliumNetworkPolicy',
  metadata: {
    name,
    namespace: 'shop',
    labels: {
      'app.kubernetes.io/managed-by': 'ytk',
      [PEERING_REQUEST_LABEL]: request,
    },
  },
  spec: { endpointSelector: { matchLabels: { app: 'web' } } },
});

const policy = (cluster: string, name: string): GeneratedPolicy => ({
  cluster,
  namespace: 'shop',
  side: 'egress',
  object: cnp(name) as unknown as GeneratedPolicy['object'],
});

/**
 * The client's KubeConfig, with a hook run just before each DELETE leaves the client: what
 * another actor does there happens after ytk's read and before its delete.
 */
class InterceptingKubeConfig extends KubeConfig {
  beforeDelete?: (url: string) => void;

  async applySecurityAuthentication(
    context: Parameters<KubeConfig['applySecurityAuthentication']>[0],
  ) {
    if (context.getHttpMethod() === 'DELETE')
      this.beforeDelete?.(context.getUrl());
    return super.applySecurityAuthentication(context);
  }
}

const cluster = (name: string): ClusterConfig => ({
  name,
  source: 'kubernetes',
  skipTLSVerify: false,
  authProvider: 'serviceAccount',
});

describe('removeAppliedPolicies against the Kubernetes API', () => {
  let east: KubeApiServer;
  let west: KubeApiServer;
  const configs = new Map<string, InterceptingKubeConfig>();

  beforeEach(async () => {
    const fixtures = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
      cnp('p1'),
      cnp('p2'),
    ];
    east = await startKubeApiServer({ clusterName: 'east', fixtures });
    west = await startKubeApiServer({ clusterName: 'west', fixtures });
    for (const [name, s] of [
      ['east', east],
      ['west', west],
    ] as const) {
      const kc = new InterceptingKubeConfig();
      kc.loadFromString(JSON.stringify(s.kubeconfig()));
      configs.set(name, kc);
    }
  });
  afterEach(async () => {
    configs.clear();
    await Promise.all([east.stop(), west.stop()]);
  });

  const cnpType = (s: KubeApiServer) =>
    s.store.resourceFor('cilium.io/v2', 'CiliumNetworkPolicy');
  const live = (s: KubeApiServer, name: string) =>
    s.store.get(cnpType(s), 'shop', name);

  /** Runs the removal of p1 and p2 created in `clusters`. */
  const remove = (clusters: string[] = ['east']) => {
    const applyResult: ApplyResult = {
      mode: 'apply',
      ok: true,
      at: new Date().toISOString(),
      clusters: clusters.map(c => ({
        cluster: c,
        mode: 'apply',
        ok: true,
        created: ['CiliumNetworkPolicy shop/p1', 'CiliumNetworkPolicy shop/p2'],
      })),
    };
    return removeAppliedPolicies(
      clusters.flatMap(c => [policy(c, 'p1'), policy(c, 'p2')]),
      applyResult,
      {
        clusters: clusters.map(cluster),
        kubeConfig: c => configs.get(c.name)!,
      },
    );
  };

  it('deletes the objects that still carry the request label', async () => {
    const result = await remove();
    expect(result).toEqual({
      ok: true,
      removed: ['CiliumNetworkPolicy shop/p1', 'CiliumNetworkPolicy shop/p2'],
      removedByCluster: {
        east: ['CiliumNetworkPolicy shop/p1', 'CiliumNetworkPolicy shop/p2'],
      },
    });
    expect(live(east, 'p1')).toBeUndefined();
    expect(live(east, 'p2')).toBeUndefined();
  });

  it('leaves an object relabelled between the read and the delete', async () => {
    configs.get('east')!.beforeDelete = url => {
      if (!url.endsWith('/p1')) return;
      const o = live(east, 'p1')!;
      o.metadata!.labels = { owner: 'team-b' };
      east.store.upsert(o);
    };
    const result = await remove();
    // p1 changed hands: the conditional delete was refused, the re-read saw the new label.
    expect(live(east, 'p1')?.metadata?.labels).toEqual({ owner: 'team-b' });
    expect(result).toEqual({
      ok: true,
      removed: ['CiliumNetworkPolicy shop/p2'],
      removedByCluster: { east: ['CiliumNetworkPolicy shop/p2'] },
    });
    expect(live(east, 'p2')).toBeUndefined();
    const p1 = east.requestLog.filter(l => l.path.endsWith('/p1'));
    expect(p1.map(l => [l.method, l.status])).toEqual([
      ['GET', 200],
      ['DELETE', 409],
      ['GET', 200],
    ]);
  });

  it('deletes an object replaced (new uid) but still ours after one re-read', async () => {
    let replaced = false;
    configs.get('east')!.beforeDelete = url => {
      if (!url.endsWith('/p1') || replaced) return;
      replaced = true;
      east.store.delete('cilium.io/v2', 'CiliumNetworkPolicy', 'shop', 'p1');
      east.store.upsert(cnp('p1'));
    };
    const result = await remove();
    expect(result.removed).toEqual([
      'CiliumNetworkPolicy shop/p1',
      'CiliumNetworkPolicy shop/p2',
    ]);
    expect(live(east, 'p1')).toBeUndefined();
    const p1 = east.requestLog.filter(l => l.path.endsWith('/p1'));
    expect(p1.map(l => [l.method, l.status])).toEqual([
      ['GET', 200],
      ['DELETE', 409],
      ['GET', 200],
      ['DELETE', 200],
    ]);
  });

  it('counts an object deleted by someone else meanwhile as removed', async () => {
    configs.get('east')!.beforeDelete = url => {
      if (url.endsWith('/p1'))
        east.store.delete('cilium.io/v2', 'CiliumNetworkPolicy', 'shop', 'p1');
    };
    const result = await remove();
    expect(result.ok).toBe(true);
    expect(result.removed).toContain('CiliumNetworkPolicy shop/p1');
  });

  it('goes on with the next cluster when one refuses, and reports it', async () => {
    east.faults.fail(
      { method: 'DELETE' },
      { status: 403, message: 'forbidden by RBAC' },
    );
    const result = await remove(['east', 'west']);
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(
      /^cluster east refused the removal: 403 forbidden by RBAC$/,
    );
    expect(result.removedByCluster).toEqual({
      west: ['CiliumNetworkPolicy shop/p1', 'CiliumNetworkPolicy shop/p2'],
    });
    expect(live(east, 'p1')).toBeDefined();
    expect(live(west, 'p1')).toBeUndefined();
  });
});
