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
      '',
    ].join('\n'),
  );

  it('returns the body of the titled block', () => {
    expect(codeBlock(file, 'a.ts')).toBe('const a = 1;\n');
    expect(codeBlock(file, 'b.yaml')).toBe('b: 2\n');
  });

  it('names the blocks it saw when the title is missing', () => {
    expect(() => codeBlock(file, 'c.ts')).toThrow(
      /no code block titled "c.ts" \(titled blocks: a.ts, b.yaml\)/,
    );
  });
});
