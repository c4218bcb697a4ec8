import { ConfigReader } from '@backstage/config';
import { readYtkConfig } from './config';

describe('readYtkConfig', () => {
  it('applies defaults', () => {
    const c = readYtkConfig(
      new ConfigReader({
        ytk: { clusters: [{ name: 'east', source: 'manifests', path: 'x' }] },
      }),
    );
    expect(c.clusters[0]).toMatchObject({ name: 'east', skipTLSVerify: false });
    expect(c.lint.maxBodyBytes).toBe(1024 * 1024);
  });

  it('names the offending key', () => {
    expect(() =>
      readYtkConfig(
        new ConfigReader({
          ytk: {
            clusters: [
              { name: 'a', source: 'manifests', path: 'x' },
              { name: 'b', source: 'kubernetes', url: 'not a url' },
            ],
          },
        }),
      ),
    ).toThrow(/ytk\.clusters\[1\]\.url/);
    expect(() =>
      readYtkConfig(
        new ConfigReader({
          ytk: { clusters: [{ name: 'a', source: 'manifests' }] },
        }),
      ),
    ).toThrow(/ytk\.clusters\[0\]\.path/);
    expect(() =>
      readYtkConfig(new ConfigReader({ ytk: { lint: { maxBodyBytes: -1 } } })),
    ).toThrow(/ytk\.lint\.maxBodyBytes/);
  });
  describe('ytk.peering.expiryInterval', () => {
    const read = (expiryInterval?: unknown) =>
      readYtkConfig(
        new ConfigReader({
          ytk: {
            peering: expiryInterval === undefined ? {} : { expiryInterval },
          },
        } as any),
      ).peering.expiryInterval;

    it('defaults to one minute', () => {
      expect(read()).toEqual({ minutes: 1 });
      expect(
        readYtkConfig(new ConfigReader({})).peering.expiryInterval,
      ).toEqual({ minutes: 1 });
    });

    it('accepts a HumanDuration object and an ISO 8601 string', () => {
      expect(read({ minutes: 5 })).toEqual({ minutes: 5 });
      expect(read({ minutes: 1, seconds: 30 })).toEqual({
        minutes: 1,
        seconds: 30,
      });
      expect(read('PT5M')).toEqual({ minutes: 5 });
      expect(read('PT10S')).toEqual({ seconds: 10 });
    });

    it('names the key for a bad or too short value', () => {
      for (const bad of ['soon', 42, { mins: 5 }, { minutes: 'x' }, {}])
        expect(() => read(bad)).toThrow(
          /^Invalid ytk configuration: ytk\.peering\.expiryInterval: must be a duration/,
        );
      expect(() => read({ seconds: 5 })).toThrow(
        'Invalid ytk configuration: ytk.peering.expiryInterval: must be at least 10 seconds',
      );
      expect(() => read('PT9.999S')).toThrow(/ytk\.peering\.expiryInterval/);
    });
  });
  describe('ytk.posture.history', () => {
    const read = (history: unknown) =>
      readYtkConfig(new ConfigReader({ ytk: { posture: { history } } } as any))
        .posture.history;

    it('defaults to 500 rows per team and 90 days', () => {
      expect(readYtkConfig(new ConfigReader({})).posture.history).toEqual({
        maxEntries: 500,
        maxAge: { days: 90 },
      });
      expect(read({ maxEntries: 3, maxAge: 'P7D' })).toEqual({
        maxEntries: 3,
        maxAge: { days: 7 },
      });
    });

    it('names the key of a bad value', () => {
      expect(() => read({ maxEntries: 0 })).toThrow(
        /ytk\.posture\.history\.maxEntries/,
      );
      expect(() => read({ maxAge: { minutes: 5 } })).toThrow(
        'Invalid ytk configuration: ytk.posture.history.maxAge: must be at least 3600 seconds',
      );
      expect(() => read({ keep: 1 })).toThrow(/ytk\.posture\.history/);
    });
  });
});
