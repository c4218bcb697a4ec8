/** Bounds applied to every parse so hostile or huge input fails fast with a located problem. */
export interface YamlLimits {
  /** Maximum UTF-8 size of one file, checked before parsing. */
  maxBytes: number;
  /** Maximum number of documents in one file; later documents are not parsed. */
  maxDocuments: number;
  /** yaml's maxAliasCount: bounds alias expansion (billion laughs). */
  maxAliasCount: number;
  /** Maximum nesting of collections in one document. */
  maxDepth: number;
}

export const DEFAULT_YAML_LIMITS: Readonly<YamlLimits> = Object.freeze({
  maxBytes: 5 * 1024 * 1024,
  maxDocuments: 10_000,
  maxAliasCount: 100,
  maxDepth: 64,
});

export function resolveLimits(limits?: Partial<YamlLimits>): YamlLimits {
  return { ...DEFAULT_YAML_LIMITS, ...(limits ?? {}) };
}
