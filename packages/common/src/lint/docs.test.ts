import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { renderRuleDocs } from './docs';
import { RULE_CATALOGUE } from './catalogue';

const DOCS = join(__dirname, '..', '..', '..', '..', 'docs', 'rules');

describe('rule docs', () => {
  const expected = renderRuleDocs();

  it('has a page per rule and an index', () => {
    expect(Object.keys(expected).length).toBe(RULE_CATALOGUE.length + 1);
    expect(expected['README.md']).toContain(
      '[cilium-auth-cross-cluster](cilium-auth-cross-cluster.md)',
    );
  });

  it('matches the committed docs/rules (run `npm run docs:rules` after changing a rule)', () => {
    expect(existsSync(DOCS)).toBe(true);
    const committed = readdirSync(DOCS)
      .filter(f => f.endsWith('.md'))
      .sort();
    expect(committed).toEqual(Object.keys(expected).sort());
    for (const [file, text] of Object.entries(expected)) {
      expect({ file, text: readFileSync(join(DOCS, file), 'utf8') }).toEqual({
        file,
        text,
      });
    }
  });
});
