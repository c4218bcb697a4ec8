import type { Hit, LintContext, LintRule, RuleMeta } from './types';

/**
 * Example YAML in the house style (Prettier's YAML with singleQuote): simple double-quoted
 * scalars become single-quoted, so the generated docs survive `prettier --write` unchanged.
 */
function normalizeExample(yaml: string): string {
  const body = yaml
    .trim()
    .split('\n')
    .map(l => (l.includes("'") ? l : l.replace(/"([^"\\]*)"/g, "'$1'")))
    .join('\n');
  return `${body}\n`;
}

/** Declares a rule with its catalogue metadata. */
export function defineRule(
  meta: RuleMeta,
  check: (ctx: LintContext) => Hit[],
): LintRule {
  return {
    meta: {
      ...meta,
      badExample: normalizeExample(meta.badExample),
      goodExample: normalizeExample(meta.goodExample),
    },
    check,
  };
}
