import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  ingestText,
  type HostNetworkMode,
  type ClusterSnapshot,
  type DecodedResource,
  type DecodeProblem,
  type KubeObject,
  type UnknownObject,
} from '@ytknetwork/common';
import type { ClusterSource, SourceHealth } from './ClusterSource';
import { locateFileProblems, type InputProblem } from './inputProblems';

const MANIFEST_EXT = /\.(ya?ml|json)$/i;

export interface ManifestSourceOptions {
  name: string;
  title?: string;
  dir: string;
  logger: LoggerService;
  /** Wait this long after the last change before re-reading (editors write in bursts). */
  debounceMs?: number;
  /** Watch the directory (off in one-shot use). Default true. */
  watch?: boolean;
  /** Host-network semantics for the kubernetes enforcer (`ytk.clusters[].hostNetwork`). */
  hostNetwork?: HostNetworkMode;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full));
    else if (entry.isFile() && MANIFEST_EXT.test(entry.name)) out.push(full);
  }
  return out.sort();
}

/** A cluster read from a directory of YAML/JSON manifests (GitOps repo or demo), re-read on change. */
export class ManifestSource implements ClusterSource {
  readonly name: string;
  private readonly options: ManifestSourceOptions;
  private watcher?: fs.FSWatcher;
  private timer?: NodeJS.Timeout;
  private onSnapshot?: (snapshot: ClusterSnapshot) => void;
  private state: SourceHealth = { state: 'unknown', unavailableKinds: [] };
  private problems: DecodeProblem[] = [];
  private located: InputProblem[] = [];

  constructor(options: ManifestSourceOptions) {
    this.name = options.name;
    this.options = options;
  }

  async start(onSnapshot: (snapshot: ClusterSnapshot) => void): Promise<void> {
    this.onSnapshot = onSnapshot;
    this.reload();
    if (this.options.watch === false) return;
    try {
      this.watcher = fs.watch(
        this.options.dir,
        { recursive: true, persistent: false },
        () => this.scheduleReload(),
      );
      this.watcher.on('error', e => this.fail(e));
    } catch (e) {
      this.options.logger.warn(
        `ytk: cannot watch ${this.options.dir} for cluster ${this.name}: ${e}`,
      );
    }
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.watcher?.close();
    this.watcher = undefined;
  }

  health(): SourceHealth {
    return { ...this.state };
  }

  /** Located parse/decode problems of the last read (for lint and diagnostics). */
  decodeProblems(): DecodeProblem[] {
    return this.problems;
  }

  /** The same problems located relative to the directory, each in the object it sits in. */
  inputProblems(): InputProblem[] {
    return this.located;
  }

  private scheduleReload() {
    clearTimeout(this.timer);
    this.timer = setTimeout(
      () => this.reload(),
      this.options.debounceMs ?? 100,
    );
  }

  private fail(e: unknown) {
    const message = e instanceof Error ? e.message : String(e);
    this.options.logger.warn(`ytk: cluster ${this.name}: ${message}`);
    this.state = {
      ...this.state,
      state: this.state.lastSync ? 'stale' : 'failed',
      lastError: message,
    };
  }

  private reload() {
    let resources: DecodedResource<KubeObject | UnknownObject>[] = [];
    const problems: DecodeProblem[] = [];
    try {
      for (const file of listFiles(this.options.dir)) {
        const text = fs.readFileSync(file, 'utf8');
        // The shared ingestion policy (docs/ingestion.md): a broken or foreign file is
        // reported and skipped, never the whole cluster.
        const result = ingestText(text, pathToFileURL(file).toString());
        resources = resources.concat(result.resources);
        problems.push(...result.problems);
      }
    } catch (e) {
      this.fail(e);
      return;
    }
    this.problems = problems;
    this.located = locateFileProblems(problems, resources, this.options.dir);
    this.logProblems(problems);
    const now = new Date().toISOString();
    this.state = { state: 'connected', lastSync: now, unavailableKinds: [] };
    this.onSnapshot?.({
      name: this.name,
      title: this.options.title,
      resources,
      health: this.health(),
      ...(this.options.hostNetwork
        ? { hostNetwork: this.options.hostNetwork }
        : {}),
    });
  }

  /** One line per read: the located problems themselves are served by decodeProblems(). */
  private logProblems(problems: DecodeProblem[]) {
    const errors = problems.filter(p => p.severity === 'error').length;
    const warnings = problems.filter(p => p.severity === 'warning').length;
    if (!errors && !warnings) return;
    const first = problems.find(p => p.severity !== 'info')!;
    this.options.logger.warn(
      `ytk: cluster ${this.name}: ${errors} input error(s), ${warnings} warning(s) in ${this.options.dir}; evaluated the rest (first: ${first.uri}:${first.range.start.line + 1}: ${first.message})`,
    );
  }
}
