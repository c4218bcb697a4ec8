import fs from 'node:fs';
import path from 'node:path';
import { main } from './main';

// Tests run from source, so the repository layout is known.
// eslint-disable-next-line no-restricted-syntax
export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const EXAMPLES = path.join(REPO_ROOT, 'examples/overlay');
export const BOUTIQUE = path.join(
  REPO_ROOT,
  'test/fixtures/microservices-demo',
);

/** Runs the CLI in-process and captures what it prints. */
export function runCli(argv: string[]): {
  code: number;
  out: string;
  err: string;
} {
  let out = '';
  let err = '';
  const code = main(argv, { out: t => (out += t), err: t => (err += t) });
  return { code, out, err };
}

/**
 * The rows of the `## Flows` table of a fixture's hand-checked EXPECTED.md: its cells, without
 * the header and separator rows (a row counts when its third cell is a port number).
 */
export function expectedFlowRows(expectedMd: string): string[][] {
  const text = fs.readFileSync(expectedMd, 'utf8');
  const section = text.split('## Flows')[1]?.split('\n## ')[0] ?? '';
  return section
    .split('\n')
    .filter(l => l.trim().startsWith('|'))
    .map(l =>
      l
        .trim()
        .slice(1, -1)
        .split('|')
        .map(c => c.trim()),
    )
    .filter(c => /^\d+$/.test(c[2] ?? ''));
}
