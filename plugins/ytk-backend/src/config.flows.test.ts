import { ConfigReader } from '@backstage/config';
import { readYtkConfig } from './config';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n';

const withHubble = (hubble: unknown) =>
  readYtkConfig(
    new ConfigReader({
      ytk: {
        clusters: [
          { name: 'a', source: 'manifests', path: 'x' },
          { name: 'b', source: 'manifests', path: 'y', hubble },
        ],
      },
    } as any),
  ).clusters[1].hubble;

describe('ytk.clusters[].hubble', () => {
  it('reads a relay address with TLS, a recorded file, and enabled: false', () => {
    expect(withHubble({ address: 'hubble-relay.kube-system.svc:80' })).toEqual({
      kind: 'relay',
      address: 'hubble-relay.kube-system.svc:80',
    });
    expect(
      withHubble({
        address: '10.0.0.1:4245',
        tls: { ca: PEM, cert: PEM, key: KEY, serverName: 'relay.hubble' },
      }),
    ).toEqual({
      kind: 'relay',
      address: '10.0.0.1:4245',
      tls: { ca: PEM, cert: PEM, key: KEY, serverName: 'relay.hubble' },
    });
    expect(withHubble({ address: '[::1]:4245', tls: {} })).toEqual({
      kind: 'relay',
      address: '[::1]:4245',
      tls: {},
    });
    expect(withHubble({ recorded: 'flows.jsonl' })).toEqual({
      kind: 'recorded',
      recorded: 'flows.jsonl',
    });
    expect(withHubble({ enabled: false })).toEqual({ kind: 'disabled' });
    expect(withHubble(undefined)).toBeUndefined();
  });

  it('names the key of a bad value', () => {
    expect(() => withHubble({})).toThrow(
      /ytk\.clusters\[1\]\.hubble: needs address \(Hubble Relay\) or recorded/,
    );
    expect(() =>
      withHubble({ address: 'relay:80', recorded: 'f.jsonl' }),
    ).toThrow(/ytk\.clusters\[1\]\.hubble\.recorded: give address/);
    expect(() => withHubble({ address: 'http://relay' })).toThrow(
      /ytk\.clusters\[1\]\.hubble\.address: must be host:port/,
    );
    expect(() =>
      withHubble({ address: 'relay:80', tls: { ca: 'not pem' } }),
    ).toThrow(/ytk\.clusters\[1\]\.hubble\.tls\.ca: must be PEM/);
    expect(() =>
      withHubble({ address: 'relay:80', tls: { cert: PEM } }),
    ).toThrow(/ytk\.clusters\[1\]\.hubble\.tls\.key: is required/);
    expect(() =>
      withHubble({ address: 'relay:80', tls: { ca: PEM, caFile: '/ca' } }),
    ).toThrow(/ytk\.clusters\[1\]\.hubble\.tls\.caFile: give ca or caFile/);
    expect(() => withHubble({ recorded: 'f', tls: {} })).toThrow(
      /ytk\.clusters\[1\]\.hubble\.tls: applies to address only/,
    );
    expect(() => withHubble({ address: 'relay:80', port: 1 })).toThrow(
      /ytk\.clusters\[1\]\.hubble/,
    );
  });
});

describe('ytk.flows', () => {
  const read = (flows: unknown) =>
    readYtkConfig(new ConfigReader({ ytk: { flows } } as any)).flows;

  it('has defaults', () => {
    expect(readYtkConfig(new ConfigReader({})).flows).toEqual({
      retention: { days: 7 },
      pruneInterval: { hours: 1 },
      flushInterval: { seconds: 10 },
      queueSize: 10_000,
      maxAggregates: 10_000,
      reconnect: { minMs: 1000, maxMs: 60_000 },
    });
    expect(read({ retention: 'P30D', queueSize: 5 })).toMatchObject({
      retention: { days: 30 },
      queueSize: 5,
    });
  });

  it('names the key of a bad value', () => {
    expect(() => read({ retention: { minutes: 5 } })).toThrow(
      'Invalid ytk configuration: ytk.flows.retention: must be at least 3600 seconds',
    );
    expect(() => read({ retention: 'soon' })).toThrow(
      /ytk\.flows\.retention: must be a duration/,
    );
    expect(() => read({ queueSize: 0 })).toThrow(/ytk\.flows\.queueSize/);
    expect(() => read({ reconnect: { minMs: 10, maxMs: 5 } })).toThrow(
      /ytk\.flows\.reconnect\.maxMs: must be at least minMs/,
    );
  });
});
