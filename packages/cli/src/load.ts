import fs from 'node:fs';
import path from 'node:path';
import {
  buildOverlay,
  ingestText,
  type ClusterSnapshot,
  type DecodeProblem,
  type DecodedResource,
  type EnforcerKind,
  type HostNetworkMode,
  type Overlay,
} from '@ytknetwork/common';
import { CliInputError } from './errors';

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export interface LoadOptions {
  /** Each subdirectory of each given directory is one cluster named after it. */
  clustersFromDirs?: boolean;
  /** Cluster name for all input when not split by directory. */
  cluster?: string;
  enforcer?: EnforcerKind;
  /** How hostNetwork pods are treated (default per enforcer; docs/host-network.md). */
  hostNetwork?: HostNetworkMode;
  cwd?: string;
}

export interface LoadedInput {
  snapshots: ClusterSnapshot[];
  problems: DecodeProblem[];
  files: string[];
}

/** Every manifest file under `target` (recursive, sorted, skipping dot folders and node_modules). */
export function listManifestFiles(target: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    throw new CliInputError(`${target}: no such file or directory`);
  }
  if (stat.isFile()) return [target];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs
      .readdirSync(dir, { withFileTypes: true })
      .sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (
        entry.isFile() &&
        MANIFEST_EXTENSIONS.has(path.extname(entry.name).toLowerCase())
      )
        out.push(full);
    }
  };
  walk(target);
  return out;
}

/** A display URI: the path relative to the working directory, with forward slashes. */
export function displayUri(file: string, cwd = process.cwd()): string {
  const rel = path.relative(cwd, file) || file;
  return rel.split(path.sep).join('/');
}

export function decodeFiles(
  files: string[],
  cwd?: string,
): { resources: DecodedResource[]; problems: DecodeProblem[] } {
  const resources: DecodedResource[] = [];
  const problems: DecodeProblem[] = [];
  for (const file of files) {
    const uri = displayUri(file, cwd);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new CliInputError(`${uri}: cannot read: ${(e as Error).message}`);
    }
    // The shared ingestion policy: a broken file is reported, the others are read.
    const result = ingestText(text, uri);
    resources.push(...(result.resources as DecodedResource[]));
    problems.push(...result.problems);
  }
  return { resources, problems };
}

/** Reads the given paths into one snapshot per cluster. */
export function loadSnapshots(
  paths: string[],
  options: LoadOptions = {},
): LoadedInput {
  if (paths.length === 0)
    throw new CliInputError('no input: give at least one file or directory');
  const groups = new Map<string, string[]>();
  const add = (cluster: string, files: string[]) =>
    groups.set(cluster, [...(groups.get(cluster) ?? []), ...files]);

  if (options.clustersFromDirs) {
    for (const dir of paths) {
      if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
        throw new CliInputError(
          `${dir}: --clusters-from-dirs needs a directory of cluster directories`,
        );
      const subdirs = fs
        .readdirSync(dir, { withFileTypes: true })
        .filter(e => e.isDirectory() && !e.name.startsWith('.'))
        .map(e => e.name)
        .sort();
      if (subdirs.length === 0)
        throw new CliInputError(
          `${dir}: --clusters-from-dirs found no cluster subdirectories`,
        );
      for (const name of subdirs)
        add(name, listManifestFiles(path.join(dir, name)));
    }
  } else {
    const files = paths.flatMap(p => listManifestFiles(p));
    add(options.cluster ?? 'default', files);
  }

  const snapshots: ClusterSnapshot[] = [];
  const problems: DecodeProblem[] = [];
  const allFiles: string[] = [];
  for (const [name, files] of groups) {
    const decoded = decodeFiles(files, options.cwd);
    problems.push(...decoded.problems);
    allFiles.push(...files);
    snapshots.push({
      name,
      resources: decoded.resources,
      ...(options.enforcer ? { enforcer: options.enforcer } : {}),
      ...(options.hostNetwork ? { hostNetwork: options.hostNetwork } : {}),
    });
  }
  return { snapshots, problems, files: allFiles };
}

export function loadOverlay(
  paths: string[],
  options: LoadOptions = {},
): { overlay: Overlay; problems: DecodeProblem[] } {
  const input = loadSnapshots(paths, options);
  return { overlay: buildOverlay(input.snapshots), problems: input.problems };
}
