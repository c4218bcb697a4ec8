import { RULES } from './rules';
import type { RuleMeta } from './types';

/** Every rule's metadata, in catalogue order: the data docs, portal and editor render from. */
export const RULE_CATALOGUE: RuleMeta[] = RULES.map(r => r.meta);

export function ruleMeta(id: string): RuleMeta | undefined {
  return RULE_CATALOGUE.find(m => m.id === id);
}
