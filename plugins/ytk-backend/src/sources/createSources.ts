import path from 'node:path';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { YtkConfig } from '../config';
import type { ClusterSource } from './ClusterSource';
import { KubernetesSource } from './KubernetesSource';
import { ManifestSource } from './ManifestSource';

/** One source per configured cluster. */
export function createSources(
  config: YtkConfig,
  logger: LoggerService,
): ClusterSource[] {
  return config.clusters.map(c => {
    if (c.source === 'manifests') {
      return new ManifestSource({
        name: c.name,
        title: c.title,
        dir: path.resolve(c.path!),
        hostNetwork: c.hostNetwork,
        logger,
      });
    }
    if (c.skipTLSVerify) {
      logger.warn(
        `ytk: cluster ${c.name} has skipTLSVerify: the API server is not authenticated`,
      );
    }
    return new KubernetesSource({ cluster: c, logger });
  });
}
