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
