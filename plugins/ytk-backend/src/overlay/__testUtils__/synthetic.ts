/*
 * Synthetic clusters for the lint tests: the engine's synthetic overlay written out as YAML
 * manifests (one file per cluster, like a manifest source) and decoded again, so resources
 * and policies carry real source documents.
 */
import {
  decodeObject,
  decodeText,
  generateSyntheticOverlay,
  overlayManifests,
  overlayManifestsYaml,
  type ClusterSnapshot,
} from '@ytknetwork/common';

const synthetic = (workloads: number) =>
  generateSyntheticOverlay({
    seed: 7,
    clusters: 2,
    namespaces: 20,
    workloads,
    policies: workloads,
  });

/** One YAML manifest file per cluster (c1, c2). */
export function syntheticManifests(
  workloads: number,
): Array<{ cluster: string; text: string }> {
  return overlayManifestsYaml(synthetic(workloads));
}

/** c1 decoded from its manifest (documents with ranges), c2 from API-style objects (none). */
export function syntheticSnapshots(workloads: number): ClusterSnapshot[] {
  const texts = overlayManifestsYaml(synthetic(workloads));
  return overlayManifests(synthetic(workloads)).map(
    ({ cluster, objects }, i) => {
      const resources =
        i === 0
          ? decodeText(texts[i].text, `file:///synthetic/${cluster}.yaml`)
              .resources
          : objects.flatMap(
              o =>
                decodeObject(
                  o,
                  `k8s://${cluster}/${o.kind}/${o.metadata?.namespace ?? '_'}/${o.metadata?.name}`,
                ).resources,
            );
      return { name: cluster, resources };
    },
  );
}
