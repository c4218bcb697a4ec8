import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BOUTIQUE, runCli } from '../testUtils';

function copyDir(src: string, dst: string) {
  fs.cpSync(src, dst, { recursive: true });
}

describe('ytk diff', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ytk-diff-'));
    copyDir(BOUTIQUE, path.join(tmp, 'before'));
    copyDir(BOUTIQUE, path.join(tmp, 'after'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('reports nothing and exits 0 for identical inputs', () => {
    const r = runCli([
      'diff',
      path.join(tmp, 'before'),
      path.join(tmp, 'after'),
    ]);
    expect(r.out).toBe('no connectivity changes\n');
    expect(r.code).toBe(0);
  });

  it('reports a removed and a changed connection and exits 1', () => {
    const policies = path.join(tmp, 'after/policies');
    // Remove the redis ingress allow; widen the checkout -> payment port on both sides
    // (checkout's egress also names 50051 for shipping, whose ingress stays as it was).
    fs.rmSync(path.join(policies, 'redis-cart.yaml'));
    for (const file of ['paymentservice.yaml', 'checkoutservice.yaml']) {
      const p = path.join(policies, file);
      fs.writeFileSync(
        p,
        fs
          .readFileSync(p, 'utf8')
          .replace(/port: 50051/g, 'port: 50051\n          endPort: 50052'),
      );
    }

    const r = runCli([
      'diff',
      path.join(tmp, 'before'),
      path.join(tmp, 'after'),
      '--format',
      'json',
    ]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    expect(
      json.removed.map((c: any) => `${c.from.name}->${c.to.name}`),
    ).toEqual(['cartservice->redis-cart']);
    expect(json.changed).toEqual([
      expect.objectContaining({
        before: expect.objectContaining({
          ports: [{ protocol: 'TCP', port: 50051 }],
        }),
        after: expect.objectContaining({
          ports: [{ protocol: 'TCP', port: 50051, endPort: 50052 }],
        }),
      }),
    ]);
    expect(json.added).toEqual([]);
  });

  it('needs exactly two paths', () => {
    expect(runCli(['diff', BOUTIQUE]).code).toBe(2);
  });
});
