import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, runCli } from './testUtils';

/*
 * The conformance suite (test/fixtures/conformance/README.md): real-world-shaped inputs, each
 * with its connectivity written by hand in expected.txt (`ytk connectivity` text lines, `#`
 * comments), optional extra arguments in `args` and stderr fragments in expected-stderr.txt.
 */
const SUITE = path.join(REPO_ROOT, 'test/fixtures/conformance');
const lines = (text: string) =>
  text
    .split('\n')
    .map(l => l.trim())
    .filter(l => l && !l.startsWith('#'));

const cases = fs
  .readdirSync(SUITE, { withFileTypes: true })
  .filter(e => e.isDirectory())
  .map(e => e.name)
  .sort();

describe('conformance', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThanOrEqual(8));

  it.each(cases)('%s', name => {
    const dir = path.join(SUITE, name);
    const read = (f: string) =>
      fs.existsSync(path.join(dir, f))
        ? fs.readFileSync(path.join(dir, f), 'utf8')
        : '';
    const args = read('args').trim().split(/\s+/).filter(Boolean);
    const r = runCli(['connectivity', path.join(dir, 'input'), ...args]);
    expect(r.code).toBe(0);
    expect(lines(r.out).sort()).toEqual(lines(read('expected.txt')).sort());
    for (const fragment of lines(read('expected-stderr.txt')))
      expect(r.err).toContain(fragment);
  });
});
