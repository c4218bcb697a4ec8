import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { codeBlock } from './markdownBlocks';

describe('codeBlock', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'ytk-md-')), 'doc.md');
  writeFileSync(
    file,
    [
      '# Doc',
      '```sh',
      'untitled',
      '```',
      '```ts title="a.ts"',
      'const a = 1;',
      '```',
      '```yaml title="b.yaml" other',
      'b: 2',
      '```',
      '## Legacy',
      '```ts title="a.ts"',
      '# not a heading',
      'const a = 2;',
      '```',
      '### Detail',
      '```ts title="d.ts"',
      'const d = 4;',
      '```',
      '## Next',
      '```ts title="a.ts"',
      'const a = 3;',
      '```',
      '',
    ].join('\n'),
  );

  it('returns the body of the titled block', () => {
    expect(codeBlock(file, 'a.ts')).toBe('const a = 1;\n');
    expect(codeBlock(file, 'b.yaml')).toBe('b: 2\n');
  });

  it('looks only under the given heading, its subsections included', () => {
    expect(codeBlock(file, 'a.ts', { heading: 'Legacy' })).toBe(
      '# not a heading\nconst a = 2;\n',
    );
    expect(codeBlock(file, 'd.ts', { heading: 'Legacy' })).toBe(
      'const d = 4;\n',
    );
    expect(codeBlock(file, 'a.ts', { heading: 'Next' })).toBe('const a = 3;\n');
    expect(() => codeBlock(file, 'b.yaml', { heading: 'Next' })).toThrow(
      /titled "b.yaml" under "Next" \(titled blocks: a.ts\)/,
    );
    expect(() => codeBlock(file, 'a.ts', { heading: 'Nope' })).toThrow(
      /no heading "Nope"/,
    );
  });

  it('names the blocks it saw when the title is missing', () => {
    expect(() => codeBlock(file, 'c.ts')).toThrow(
      /no code block titled "c.ts" \(titled blocks: a.ts, b.yaml, a.ts, d.ts, a.ts\)/,
    );
  });
});
