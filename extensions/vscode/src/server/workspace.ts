import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  buildOverlay,
  type ClusterState,
  type DecodeResult,
  type HostNetworkMode,
  type IncrementalYaml,
  type Overlay,
} from '@ytknetwork/common';
import { decodeEdited, decodeFile } from './decode';

const SKIP_DIRS = new Set([
  'node_modules',
  '.git',
  'dist',
  'dist-types',
  '.cache',
  'artifacts',
  'coverage',
]);
const MAX_FILES = 5000;
const MAX_BYTES = 1024 * 1024;
/** Files that belong to no cluster directory go to this cluster (or `ytk.cluster`). */
export const DEFAULT_CLUSTER = 'default';

interface FileEntry {
  text: string;
  decoded?: DecodeResult;
  /** Open documents: the YAML parse the next edit re-parses incrementally. */
  yaml?: IncrementalYaml;
  /** The parse of the text this entry replaced (consumed by the first decode). */
  previous?: IncrementalYaml;
}

export function uriToPath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}

/** Is this YAML worth decoding: does it look like a Kubernetes object at all? */
export function looksLikeManifest(text: string): boolean {
  return /^\s*"?kind"?\s*:/m.test(text) && /apiVersion/.test(text);
}

/**
 * The workspace's manifests as the overlay the open file is evaluated in. Disk content is
 * scanned once and updated from file events; an open document's text overrides its file.
 * A cluster is a folder holding `kube-system/cilium-config` (or the ConfigMap itself), named by
 * its `cluster-name`, the same layout as `examples/overlay/<cluster>/`.
 */
export class WorkspaceIndex {
  private readonly disk = new Map<string, FileEntry>();
  private readonly open = new Map<string, FileEntry>();
  private overlayCache?: { key: string; overlay: Overlay };
  private clusters = new Map<string, BuiltCluster>();
  private generation = 0;
  defaultCluster = DEFAULT_CLUSTER;
  /** `ytk.hostNetwork`: host-network semantics for the kubernetes enforcer (unset: engine default). */
  hostNetwork?: HostNetworkMode;

  /** Reads every *.yaml / *.yml under the folders (bounded). */
  scan(folders: string[]): number {
    let count = 0;
    const walk = (dir: string) => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        if (count >= MAX_FILES) return;
        const full = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (!SKIP_DIRS.has(e.name)) walk(full);
        } else if (e.isFile() && /\.ya?ml$/i.test(e.name)) {
          if (this.readFromDisk(pathToFileURL(full).toString())) count++;
        }
      }
    };
    for (const f of folders) walk(f);
    return count;
  }

  /** (Re)reads one file after a change event; returns false when it is not a manifest. */
  readFromDisk(uri: string): boolean {
    const file = uriToPath(uri);
    if (!file) return false;
    try {
      const st = fs.statSync(file);
      if (st.size > MAX_BYTES) return false;
      const text = fs.readFileSync(file, 'utf8');
      if (!looksLikeManifest(text)) {
        this.deleteFromDisk(uri);
        return false;
      }
      this.disk.set(uri, { text });
      this.generation++;
      return true;
    } catch {
      this.deleteFromDisk(uri);
      return false;
    }
  }

  deleteFromDisk(uri: string): void {
    if (this.disk.delete(uri)) this.generation++;
  }

  setOpen(uri: string, text: string): void {
    const prev = this.open.get(uri);
    if (prev?.text === text) return;
    this.open.set(uri, { text, previous: prev?.yaml ?? prev?.previous });
    this.generation++;
  }

  close(uri: string): void {
    if (this.open.delete(uri)) this.generation++;
  }

  textOf(uri: string): string | undefined {
    return (this.open.get(uri) ?? this.disk.get(uri))?.text;
  }

  /** Decoded content of a file (cached until its text changes). */
  decoded(uri: string): DecodeResult {
    const open = this.open.get(uri);
    if (open) {
      if (!open.decoded) {
        const { decoded, yaml } = decodeEdited(open.text, uri, open.previous);
        open.decoded = decoded;
        open.yaml = yaml;
        open.previous = undefined;
      }
      return open.decoded;
    }
    const entry = this.disk.get(uri);
    if (!entry) return { resources: [], problems: [] };
    if (!entry.decoded) entry.decoded = decodeFile(entry.text, uri);
    return entry.decoded;
  }

  uris(): string[] {
    const all = new Set([...this.disk.keys(), ...this.open.keys()]);
    return [...all].filter(u => looksLikeManifest(this.textOf(u) ?? ''));
  }

  /** Cluster roots: folder → cluster name, from the cilium-config ConfigMaps seen. */
  clusterRoots(): Map<string, string> {
    const roots = new Map<string, string>();
    for (const uri of this.uris()) {
      if (!/cilium-config/.test(this.textOf(uri) ?? '')) continue;
      for (const r of this.decoded(uri).resources) {
        const o = r.object as {
          kind?: string;
          metadata?: { name?: string };
          data?: Record<string, string>;
        };
        if (o.kind !== 'ConfigMap' || o.metadata?.name !== 'cilium-config')
          continue;
        const file = uriToPath(uri);
        if (!file) continue;
        let dir = path.dirname(file);
        if (path.basename(dir) === 'kube-system') dir = path.dirname(dir);
        roots.set(dir, o.data?.['cluster-name'] || path.basename(dir));
      }
    }
    return roots;
  }

  clusterOf(uri: string, roots = this.clusterRoots()): string {
    const file = uriToPath(uri);
    let best: { dir: string; name: string } | undefined;
    if (file) {
      for (const [dir, name] of roots) {
        if (
          file.startsWith(dir + path.sep) &&
          (!best || dir.length > best.dir.length)
        )
          best = { dir, name };
      }
    }
    return best?.name ?? this.defaultCluster;
  }

  /**
   * The overlay of every manifest (open documents included); cached per change generation.
   * A cluster whose files decode to the same results as last time keeps its built state, so an
   * edit rebuilds only the edited file's cluster.
   */
  overlay(): Overlay {
    const key = `${this.generation}:${this.defaultCluster}:${this.hostNetwork ?? ''}`;
    if (this.overlayCache?.key === key) return this.overlayCache.overlay;
    const roots = this.clusterRoots();
    const byCluster = new Map<string, DecodeResult[]>();
    for (const uri of this.uris()) {
      const name = this.clusterOf(uri, roots);
      const list = byCluster.get(name) ?? [];
      list.push(this.decoded(uri));
      byCluster.set(name, list);
    }
    const built = new Map<string, BuiltCluster>();
    const clusters = [...byCluster].map(([name, inputs]) => {
      const prev = this.clusters.get(name);
      const state =
        prev &&
        prev.hostNetwork === this.hostNetwork &&
        prev.inputs.length === inputs.length &&
        prev.inputs.every((d, i) => d === inputs[i])
          ? prev.state
          : buildOverlay([
              {
                name,
                resources: inputs.flatMap(d => d.resources),
                ...(this.hostNetwork ? { hostNetwork: this.hostNetwork } : {}),
              },
            ]).clusters[0];
      built.set(name, { inputs, state, hostNetwork: this.hostNetwork });
      return state;
    });
    this.clusters = built;
    const overlay: Overlay = { version: this.generation, clusters };
    this.overlayCache = { key, overlay };
    return overlay;
  }
}

/** A built cluster and the decoded files (by identity) it was built from. */
interface BuiltCluster {
  inputs: DecodeResult[];
  state: ClusterState;
  hostNetwork?: HostNetworkMode;
}
