import { readFileSync } from 'node:fs';

/**
 * The body of the fenced code block whose info string carries `title="<title>"`
 * (e.g. ```ts title="packages/backend/src/index.ts"). Tests install what the docs say by
 * reading the docs' own blocks, so the two cannot drift.
 */
export function codeBlock(markdownFile: string, title: string): string {
  const text = readFileSync(markdownFile, 'utf8');
  const fence = /^```[^\n]*\btitle="([^"]+)"[^\n]*\n([\s\S]*?)^```\s*$/gm;
  const found: string[] = [];
  for (const m of text.matchAll(fence)) {
    found.push(m[1]);
    if (m[1] === title) return m[2];
  }
  throw new Error(
    `${markdownFile} has no code block titled "${title}" (titled blocks: ${found.join(', ') || 'none'})`,
  );
}
