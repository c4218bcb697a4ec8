import { readFileSync } from 'node:fs';

/** The lines of the section under `heading` (up to the next heading of its level or higher). */
function section(text: string, heading: string, file: string): string {
  const lines = text.split('\n');
  let inFence = false;
  let start = -1;
  let level = 0;
  for (let i = 0; i < lines.length; i++) {
    if (/^```/.test(lines[i])) inFence = !inFence;
    const m = inFence ? null : /^(#+)\s+(.*?)\s*$/.exec(lines[i]);
    if (!m) continue;
    if (start >= 0 && m[1].length <= level)
      return lines.slice(start, i).join('\n');
    if (start < 0 && m[2] === heading) {
      start = i + 1;
      level = m[1].length;
    }
  }
  if (start < 0) throw new Error(`${file} has no heading "${heading}"`);
  return lines.slice(start).join('\n');
}

/**
 * The body of the fenced code block whose info string carries `title="<title>"`
 * (e.g. ```ts title="packages/backend/src/index.ts"), optionally only under one heading (two
 * sections may show different versions of the same file). Tests install what the docs say by
 * reading the docs' own blocks, so the two cannot drift.
 */
export function codeBlock(
  markdownFile: string,
  title: string,
  options: { heading?: string } = {},
): string {
  const whole = readFileSync(markdownFile, 'utf8');
  const text = options.heading
    ? section(whole, options.heading, markdownFile)
    : whole;
  const fence = /^```[^\n]*\btitle="([^"]+)"[^\n]*\n([\s\S]*?)^```\s*$/gm;
  const found: string[] = [];
  for (const m of text.matchAll(fence)) {
    found.push(m[1]);
    if (m[1] === title) return m[2];
  }
  const where = options.heading ? ` under "${options.heading}"` : '';
  throw new Error(
    `${markdownFile} has no code block titled "${title}"${where} (titled blocks: ${found.join(', ') || 'none'})`,
  );
}
