import { testOverlay } from '../testing';
import { validatePeeringRequest } from './validate';
import { MAX_REASON_LENGTH, type PeeringRequestInput } from './types';

const overlay = testOverlay([
  {
    name: 'east',
    cilium: {},
    workloads: [
      { name: 'web', namespace: 'shop', labels: { app: 'web' } },
      { name: 'api', namespace: 'shop', labels: { app: 'api' } },
      { name: 'api2', namespace: 'shop', labels: { app: 'api', v: '2' } },
    ],
    services: [
      { name: 'api', namespace: 'shop', selector: { app: 'api' } },
      { name: 'none', namespace: 'shop', selector: { app: 'nothing' } },
    ],
  },
]);

const now = new Date('2026-01-01T00:00:00Z');
const base: PeeringRequestInput = {
  from: 'east/shop/Deployment/web',
  to: { workload: 'east/shop/Deployment/api' },
  ports: [{ protocol: 'TCP', port: 8080 }],
  reason: 'checkout calls the api',
};

function fields(input: Partial<PeeringRequestInput>): string[] {
  return validatePeeringRequest(
    { ...base, ...input } as PeeringRequestInput,
    overlay,
    now,
  ).errors.map(e => e.field);
}

describe('validatePeeringRequest', () => {
  it('accepts a good request and resolves its target', () => {
    const r = validatePeeringRequest(
      { ...base, reason: '  why  ' },
      overlay,
      now,
    );
    expect(r.errors).toEqual([]);
    expect(r.request?.targets).toEqual(['east/shop/Deployment/api']);
    expect(r.request?.reason).toBe('why');
  });

  it('resolves short names to full refs', () => {
    const r = validatePeeringRequest(
      { ...base, from: 'shop/web' },
      overlay,
      now,
    );
    expect(r.request?.from).toBe('east/shop/Deployment/web');
  });

  it('resolves a service to all the workloads it selects', () => {
    const r = validatePeeringRequest(
      { ...base, to: { service: 'east/shop/api' } },
      overlay,
      now,
    );
    expect(r.errors).toEqual([]);
    expect([...r.request!.targets].sort()).toEqual([
      'east/shop/Deployment/api',
      'east/shop/Deployment/api2',
    ]);
  });

  it('names the field of unknown workloads and services', () => {
    expect(fields({ from: 'east/shop/Deployment/nope' })).toEqual(['from']);
    expect(fields({ to: { workload: 'east/x/Deployment/y' } })).toEqual([
      'to.workload',
    ]);
    expect(fields({ to: { service: 'east/shop/missing' } })).toEqual([
      'to.service',
    ]);
    expect(fields({ to: { service: 'east/shop/none' } })).toEqual([
      'to.service',
    ]);
    expect(fields({ to: undefined as never })).toEqual(['to']);
  });

  it('rejects a request from a workload to itself', () => {
    expect(fields({ to: { workload: 'east/shop/Deployment/web' } })).toEqual([
      'to',
    ]);
  });

  it('names the port fields that are out of range', () => {
    expect(fields({ ports: [] })).toEqual(['ports']);
    expect(fields({ ports: [{ protocol: 'TCP', port: 0 }] })).toEqual([
      'ports[0].port',
    ]);
    expect(
      fields({
        ports: [
          { protocol: 'TCP', port: 80 },
          { protocol: 'TCP', port: 65536 },
        ],
      }),
    ).toEqual(['ports[1].port']);
    expect(fields({ ports: [{ protocol: 'TCP', port: 1.5 }] })).toEqual([
      'ports[0].port',
    ]);
    expect(
      fields({ ports: [{ protocol: 'ICMP' as never, port: 80 }] }),
    ).toEqual(['ports[0].protocol']);
    expect(
      fields({ ports: [{ protocol: 'TCP', port: 8080, endPort: 8000 }] }),
    ).toEqual(['ports[0].endPort']);
    expect(
      fields({ ports: [{ protocol: 'TCP', port: 8080, endPort: 70000 }] }),
    ).toEqual(['ports[0].endPort']);
    expect(
      fields({ ports: [{ protocol: 'TCP', port: 1, endPort: 65535 }] }),
    ).toEqual([]);
    expect(
      fields({
        ports: Array.from({ length: 41 }, (_, i) => ({
          protocol: 'TCP' as const,
          port: i + 1,
        })),
      }),
    ).toEqual(['ports']);
  });

  it('requires a reason of bounded length', () => {
    expect(fields({ reason: '' })).toEqual(['reason']);
    expect(fields({ reason: '   ' })).toEqual(['reason']);
    expect(fields({ reason: 'x'.repeat(MAX_REASON_LENGTH) })).toEqual([]);
    expect(fields({ reason: 'x'.repeat(MAX_REASON_LENGTH + 1) })).toEqual([
      'reason',
    ]);
  });

  it('requires an expiry in the future', () => {
    expect(fields({ expiresAt: '2025-12-31T23:59:59Z' })).toEqual([
      'expiresAt',
    ]);
    expect(fields({ expiresAt: now.toISOString() })).toEqual(['expiresAt']);
    expect(fields({ expiresAt: 'tomorrow' })).toEqual(['expiresAt']);
    expect(fields({ expiresAt: '2026-02-01T00:00:00Z' })).toEqual([]);
  });

  it('reports every problem at once', () => {
    expect(
      fields({
        from: 'nope',
        ports: [{ protocol: 'TCP', port: 0 }],
        reason: '',
      }).sort(),
    ).toEqual(['from', 'ports[0].port', 'reason']);
  });
});
