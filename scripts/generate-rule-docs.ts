/*
 * Writes docs/rules/README.md and docs/rules/<id>.md from the lint catalogue.
 * Run: npm run docs:rules  (node -r sucrase/register scripts/generate-rule-docs.ts)
 */
import { mkdirSync, readdirSync, unlinkSync, writeFileSync } from 'fs';
import { join } from 'path';
import { renderRuleDocs } from '../packages/common/src/lint/docs';

const dir = join(__dirname, '..', 'docs', 'rules');
mkdirSync(dir, { recursive: true });
const files = renderRuleDocs();
for (const old of readdirSync(dir)) {
  if (old.endsWith('.md') && !(old in files)) unlinkSync(join(dir, old));
}
for (const [name, text] of Object.entries(files))
  writeFileSync(join(dir, name), text);
process.stdout.write(
  `wrote ${Object.keys(files).length} files to docs/rules\n`,
);
