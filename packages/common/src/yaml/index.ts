export { DEFAULT_YAML_LIMITS, resolveLimits } from './limits';
export type { YamlLimits } from './limits';
export { parseYamlDocuments } from './parse';
export type { ParseYamlOptions, ParseYamlResult } from './parse';
export {
  utf8Length,
  findExcessiveNesting,
  documentStartOffsets,
} from './prescan';
export {
  positionAt,
  rangeAt,
  sourceMapFor,
  listItemDocument,
} from './sourceDocument';
export { parseYamlIncremental } from './incremental';
export type { IncrementalYaml } from './incremental';
