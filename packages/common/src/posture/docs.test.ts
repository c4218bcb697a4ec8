import { readFileSync } from 'fs';
import { join } from 'path';
import { POSTURE_REQUIREMENTS } from './catalogue';
import { renderPostureCatalogueDocs } from './docs';

const DOC = join(__dirname, '..', '..', '..', '..', 'docs', 'posture.md');

describe('docs/posture.md', () => {
  const text = readFileSync(DOC, 'utf8');

  it('lists every requirement id', () => {
    for (const r of POSTURE_REQUIREMENTS) {
      expect(text).toContain(`### ${r.id} ${r.slug}`);
    }
  });

  it('holds the generated catalogue verbatim (paste renderPostureCatalogueDocs() after a change)', () => {
    // Prettier pads table columns: compare with runs of spaces and dashes collapsed.
    const norm = (s: string) => s.replace(/ +/g, ' ').replace(/-{3,}/g, '---');
    expect(norm(text)).toContain(norm(renderPostureCatalogueDocs()));
  });
});
