export { lint } from './lint';
export { RULE_CATALOGUE, ruleMeta } from './catalogue';
export { toSarif, type SarifOptions } from './sarif';
export { renderRuleDocs } from './docs';
export type { RuleMeta, LintOptions, LintInput } from './types';
