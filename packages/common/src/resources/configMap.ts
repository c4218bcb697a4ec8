import { bool, stringMap, type Fields } from './fields';

/** Top-level ConfigMap fields besides apiVersion/kind/metadata. Values must be strings. */
export const configMapFields: Fields = {
  data: stringMap(),
  binaryData: stringMap(),
  immutable: bool,
};
