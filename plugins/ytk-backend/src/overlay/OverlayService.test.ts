import { mockServices } from '@backstage/backend-test-utils';
import { decodeText, type ClusterSnapshot } from '@ytknetwork/common';
import type { ClusterSource, SourceHealth } from '../sources/ClusterSource';
import { OverlayService } from './OverlayService';

/** A source whose snapshots the test pushes by hand. */
class PushSource implements ClusterSource {
  private push?: (s: ClusterSnapshot) => void;
  constructor(readonly name: string) {}
  async start(onSnapshot: (s: ClusterSnapshot) => void) {
    this.push = onSnapshot;
  }
  async stop() {}
  health(): SourceHealth {
    return { state: 'connected', unavailableKinds: [] };
  }
  emitText(text: string) {
    this.push!({
      name: this.name,
      resources: decodeText(text, `mem://${this.name}`).resources,
    });
  }
  emit(pods: number) {
    const text = Array.from(
      { length: pods },
      (_, i) =>
        `apiVersion: v1\nkind: Pod\nmetadata: { name: p${i}, namespace: ns, labels: { app: a${i} } }\nspec: { containers: [{ name: c }] }\n`,
    ).join('---\n');
    this.push!({
      name: this.name,
      resources: decodeText(text, `mem://${this.name}`).resources,
    });
  }
}

describe('OverlayService', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  async function started(debounceMs: number, maxWaitMs?: number) {
    const sources = [new PushSource('a'), new PushSource('b')];
    const overlay = OverlayService.create({
      sources,
      logger: mockServices.logger.mock(),
      debounceMs,
      maxWaitMs,
    });
    await overlay.start();
    const versions: number[] = [];
    overlay.onChange(o => versions.push(o.version));
    return { overlay, sources, versions };
  }

  it("annotates connectivity with Istio's posture where a cluster has Istio objects", async () => {
    const { overlay, sources } = await started(10);
    sources[0].emitText(`apiVersion: v1
kind: Namespace
metadata: {name: ns, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: ns, labels: {app: db}}
spec: {containers: [{name: c, ports: [{containerPort: 5432}]}]}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: ns}
spec: {mtls: {mode: STRICT}}
`);
    sources[1].emit(1);
    jest.advanceTimersByTime(20);
    const { connections } = overlay.connectivity();
    const toDb = connections.filter(
      c => 'workload' in c.to && c.to.workload === 'a/ns/Pod/db',
    );
    expect(toDb.length).toBeGreaterThan(0);
    expect(toDb.map(c => c.istio?.mtls)).toEqual(toDb.map(() => 'strict'));
    // Cluster b has no Istio objects: its destinations carry nothing.
    expect(
      connections.filter(
        c => 'workload' in c.to && c.to.workload.startsWith('b/') && c.istio,
      ),
    ).toEqual([]);
  });

  it('rebuilds once for a burst of snapshots from every cluster', async () => {
    const { overlay, sources, versions } = await started(50);
    for (let i = 1; i <= 5; i++) {
      sources[0].emit(i);
      sources[1].emit(i);
      jest.advanceTimersByTime(10);
    }
    expect(versions).toEqual([]);
    jest.advanceTimersByTime(50);
    expect(versions).toHaveLength(1);
    const counts = overlay.current().clusters.map(c => c.workloads.length);
    expect(counts).toEqual([5, 5]);
  });

  it('still rebuilds within maxWaitMs under a steady stream of changes', async () => {
    const { overlay, sources, versions } = await started(50, 200);
    for (let i = 1; i <= 30; i++) {
      sources[0].emit(i);
      jest.advanceTimersByTime(20);
    }
    // 600 ms of changes 20 ms apart: never a 50 ms lull, yet a rebuild every ~200 ms.
    expect(versions.length).toBeGreaterThanOrEqual(2);
    expect(versions.length).toBeLessThanOrEqual(4);
    jest.advanceTimersByTime(50);
    expect(overlay.current().clusters[0].workloads).toHaveLength(30);
  });

  it('computes derived results once per version', async () => {
    const { overlay, sources } = await started(10);
    sources[0].emit(3);
    jest.advanceTimersByTime(10);
    const first = overlay.connectionIndex();
    expect(overlay.connectionIndex()).toBe(first);
    expect(overlay.policySubjects()).toBe(overlay.policySubjects());
    sources[0].emit(4);
    jest.advanceTimersByTime(10);
    expect(overlay.connectionIndex()).not.toBe(first);
  });

  it('shares one lint per cluster and version, and lints the new version after a rebuild', async () => {
    const { overlay, sources } = await started(10);
    sources[0].emit(2);
    jest.advanceTimersByTime(10);
    const first = overlay.findings('a');
    expect(overlay.findings('a')).toBe(first);
    expect(await overlay.findings('nowhere')).toEqual([]);
    sources[0].emit(3);
    jest.advanceTimersByTime(10);
    const second = overlay.findings('a');
    expect(second).not.toBe(first);
    // Both settle (worker thread, not a timer): nothing waits on the fake clock.
    expect(Array.isArray(await first)).toBe(true);
    expect(Array.isArray(await second)).toBe(true);
    await overlay.stop();
  });
});
