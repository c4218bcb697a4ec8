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

/** One cluster's snapshot as a worker receives it. */
export interface PayloadSnapshot extends Omit<ClusterSnapshot, 'resources'> {
  /** Absent: the same resources as the last payload this worker received for the cluster. */
  resources?: PlainResource[];
  /** The file texts its resources' documents refer to. */
  texts?: string[];
}

/**
 * The snapshots an overlay version was built from, in a form a worker can receive
 * (structured clone): a SourceDocument carries closures over its parsed YAML, and every
 * document of a file carries the whole file's text, so documents travel as references
 * into their cluster's table of texts and are parsed again on the other side. A cluster the
 * worker holds already travels without its resources (SnapshotSender).
 */
export interface LintPayload {
  version: number;
  snapshots: PayloadSnapshot[];
}

/** `snapshots` as a payload; those `held` says the worker has travel without resources. */
export function toPayload(
  version: number,
  snapshots: ClusterSnapshot[],
  held: (s: ClusterSnapshot) => boolean = () => false,
): LintPayload {
  return {
    version,
    snapshots: snapshots.map(s => {
      const { resources, ...rest } = s;
      return held(s) ? rest : { ...rest, ...plainResources(resources) };
    }),
  };
}

function plainResources(resources: Resource[]) {
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
  return { resources: resources.map(plain), texts };
}

/**
 * The snapshots again, every document parsed from its text (ranges identical to the original).
 * A cluster sent without resources takes them from `held` (what the worker kept of it).
 */
export function fromPayload(
  payload: LintPayload,
  held: (cluster: string) => Resource[] | undefined = () => undefined,
): ClusterSnapshot[] {
  return payload.snapshots.map(({ resources, texts, ...rest }) => {
    if (resources)
      return { ...rest, resources: parsed(resources, texts ?? []) };
    const kept = held(rest.name);
    if (!kept)
      throw new Error(
        `the resources of cluster ${rest.name} were neither sent nor held`,
      );
    return { ...rest, resources: kept };
  });
}

function parsed(resources: PlainResource[], texts: string[]): Resource[] {
  const docs = new Map<string, Map<string, SourceDocument>>();
  const documentOf = (ref: DocumentRef): SourceDocument | undefined => {
    const key = `${ref.text}\u0000${ref.uri}`;
    let byIndex = docs.get(key);
    if (!byIndex) {
      byIndex = new Map();
      const result = parseYamlDocuments(texts[ref.text], { uri: ref.uri });
      for (const d of result.documents)
        byIndex.set(`${d.index}:${d.listItem ?? ''}`, d);
      docs.set(key, byIndex);
    }
    return byIndex.get(`${ref.index}:${ref.listItem ?? ''}`);
  };
  return resources.map(({ document: ref, ...rest }) => {
    const document = ref && documentOf(ref);
    return document ? { ...rest, document } : rest;
  });
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
export function overlayOf(
  payload: LintPayload,
  held?: (cluster: string) => Resource[] | undefined,
): {
  overlay: Overlay;
  snapshots: ClusterSnapshot[];
} {
  const snapshots = fromPayload(payload, held);
  return {
    overlay: buildOverlay(snapshots, { version: payload.version }),
    snapshots,
  };
}
