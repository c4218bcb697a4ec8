import {
  buildOverlay,
  lint,
  parseYamlDocuments,
  type ClusterSnapshot,
  type DecodedResource,
  type Finding,
  type KubeObject,
  type Overlay,
  type SourceDocument,
  type UnknownObject,
} from '@ytknetwork/common';

type Resource = DecodedResource<KubeObject | UnknownObject>;

/** Where a resource's document sits in its text: enough to parse it again. */
interface DocumentRef {
  uri: string;
  index: number;
  listItem?: number;
  text: number;
}

interface PlainResource extends Omit<Resource, 'document'> {
  document?: DocumentRef;
}

/**
 * The snapshots an overlay version was built from, in a form a worker can receive
 * (structured clone): a SourceDocument carries closures over its parsed YAML, and every
 * document of a file carries the whole file's text, so documents travel as references
 * into one table of texts and are parsed again on the other side.
 */
export interface LintPayload {
  version: number;
  texts: string[];
  snapshots: Array<
    Omit<ClusterSnapshot, 'resources'> & { resources: PlainResource[] }
  >;
}

export function toPayload(
  version: number,
  snapshots: ClusterSnapshot[],
): LintPayload {
  const texts: string[] = [];
  const textIds = new Map<string, number>();
  const plain = (r: Resource): PlainResource => {
    const { document: doc, ...rest } = r;
    if (!doc) return rest;
    let text = textIds.get(doc.text);
    if (text === undefined) {
      text = texts.push(doc.text) - 1;
      textIds.set(doc.text, text);
    }
    return {
      ...rest,
      document: {
        uri: doc.uri,
        index: doc.index,
        listItem: doc.listItem,
        text,
      },
    };
  };
  return {
    version,
    texts,
    snapshots: snapshots.map(s => ({
      ...s,
      resources: s.resources.map(plain),
    })),
  };
}

/** The snapshots again, every document parsed from its text (ranges identical to the original). */
export function fromPayload(payload: LintPayload): ClusterSnapshot[] {
  const parsed = new Map<string, Map<string, SourceDocument>>();
  const documentOf = (ref: DocumentRef): SourceDocument | undefined => {
    const key = `${ref.text}\u0000${ref.uri}`;
    let docs = parsed.get(key);
    if (!docs) {
      docs = new Map();
      const result = parseYamlDocuments(payload.texts[ref.text], {
        uri: ref.uri,
      });
      for (const d of result.documents)
        docs.set(`${d.index}:${d.listItem ?? ''}`, d);
      parsed.set(key, docs);
    }
    return docs.get(`${ref.index}:${ref.listItem ?? ''}`);
  };
  return payload.snapshots.map(s => ({
    ...s,
    resources: s.resources.map(({ document: ref, ...rest }) => {
      const document = ref && documentOf(ref);
      return document ? { ...rest, document } : rest;
    }),
  }));
}

/** One cluster's objects linted against the overlay: what the backend reports as its findings. */
export function lintCluster(
  overlay: Overlay,
  snapshots: ClusterSnapshot[],
  cluster: string,
): Finding[] {
  const snap = snapshots.find(s => s.name === cluster);
  if (!snap) return [];
  const state = overlay.clusters.find(c => c.name === cluster);
  return lint(
    { resources: snap.resources },
    {
      overlay,
      cluster,
      enforcer: state?.enforcer,
      ciliumVersion: state?.cilium?.version,
    },
  );
}

/** The overlay a payload describes, built the way OverlayService builds it. */
export function overlayOf(payload: LintPayload): {
  overlay: Overlay;
  snapshots: ClusterSnapshot[];
} {
  const snapshots = fromPayload(payload);
  return {
    overlay: buildOverlay(snapshots, { version: payload.version }),
    snapshots,
  };
}
