import * as common from '@ytknetwork/common';
import type { DecodeResult } from '@ytknetwork/common';

type DecodeText = (text: string, uri: string) => DecodeResult;

/**
 * Decodes one workspace file under the engine's ingestion policy (`ingestText`, the same the
 * CLI and the portal's manifests source use: a broken file contributes nothing to the context,
 * foreign documents are skipped with a note). While the decoders are being built the
 * export may be missing; then the parsed documents are used as-is (same shapes, no schema check),
 * so the editor keeps working against whichever engine it is bundled with.
 */
export function decodeFile(text: string, uri: string): DecodeResult {
  const engine = common as unknown as {
    ingestText?: DecodeText;
    decodeText?: DecodeText;
  };
  const decodeText = engine.ingestText ?? engine.decodeText;
  if (typeof decodeText === 'function') return decodeText(text, uri);
  const parsed = common.parseYamlDocuments(text, { uri });
  return {
    problems: parsed.problems,
    resources: parsed.documents
      .filter(d => d.value && typeof d.value === 'object')
      .map(d => ({
        object: d.value as never,
        document: d,
        source: { uri, range: d.range },
      })),
  };
}

/**
 * Decodes an edited file, re-parsing only the edited part when `previous` (the parse of the
 * text before the edit) allows it; decoding itself runs on the whole (cheap) value.
 */
export function decodeEdited(
  text: string,
  uri: string,
  previous?: common.IncrementalYaml,
): { decoded: DecodeResult; yaml: common.IncrementalYaml } {
  const yaml = common.parseYamlIncremental(text, uri, previous);
  const decoded: DecodeResult = {
    resources: [],
    problems: [...yaml.result.problems],
  };
  for (const doc of yaml.result.documents) {
    const r = common.decodeDocument(doc);
    decoded.resources.push(...r.resources);
    decoded.problems.push(...r.problems);
  }
  return { decoded, yaml };
}
