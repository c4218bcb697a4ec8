import { parsePorts, validatePeeringForm } from './formValidation';

const base = {
  from: 'east/a/Deployment/api',
  targetKind: 'workload' as const,
  target: 'west/b/Deployment/db',
  ports: '5432',
  reason: 'why',
  expires: '',
};
const now = new Date('2030-01-01T12:00:00Z');

describe('peering form validation', () => {
  it.each([
    ['443', [{ protocol: 'TCP', port: 443 }]],
    [
      '53/udp 53/TCP',
      [
        { protocol: 'UDP', port: 53 },
        { protocol: 'TCP', port: 53 },
      ],
    ],
    ['9000-9000', [{ protocol: 'TCP', port: 9000 }]],
    ['1-65535/SCTP', [{ protocol: 'SCTP', port: 1, endPort: 65535 }]],
  ])('parses %s', (text, ports) => {
    expect(parsePorts(text)).toEqual({ ports });
  });

  it.each([
    ['', 'give at least one port'],
    ['0', 'ports run from 1 to 65535'],
    ['80-70', 'the range ends below its start'],
    ['http', 'is not a port'],
    ['80/ICMP', 'is not a port'],
    [Array.from({ length: 41 }, (_, i) => i + 1).join(','), 'at most 40 ports'],
  ])('refuses %j', (text, message) => {
    expect(parsePorts(text).error).toContain(message);
  });

  it('builds the request body, with the expiry at the end of that day (UTC)', () => {
    expect(
      validatePeeringForm({ ...base, expires: '2030-01-02' }, now).body,
    ).toEqual({
      from: base.from,
      to: { workload: base.target },
      ports: [{ protocol: 'TCP', port: 5432 }],
      reason: 'why',
      expiresAt: '2030-01-02T23:59:59.000Z',
    });
  });

  it('names each invalid field', () => {
    const { errors, body } = validatePeeringForm(
      {
        ...base,
        targetKind: 'service',
        target: 'db',
        reason: 'x'.repeat(2001),
        expires: '2029-12-31',
      },
      now,
    );
    expect(body).toBeUndefined();
    expect(Object.keys(errors).sort()).toEqual(['expires', 'reason', 'target']);
    expect(
      validatePeeringForm({ ...base, target: base.from }, now).errors.target,
    ).toBe('a workload can always reach itself');
  });
});
