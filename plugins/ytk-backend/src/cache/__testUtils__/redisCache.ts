import { CacheManager } from '@backstage/backend-defaults/cache';
import type { CacheService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';

type Client = { disconnect(): Promise<void> };

/**
 * The real Backstage cache service on Redis (what `backend.cache.store: redis` gives a plugin),
 * and a way to close its connection. CacheManager has no close (a backend exits with its
 * connections open); a test or a bench must not, so this keeps the Keyv clients the manager's
 * store factory makes and disconnects them.
 */
export function redisCache(
  url: string,
  pluginId = 'ytk',
): { cache: CacheService; close(): Promise<void> } {
  const manager = CacheManager.fromConfig(
    new ConfigReader({
      backend: { cache: { store: 'redis', connection: url } },
    }),
  );
  const internals = manager as unknown as {
    storeFactories?: Record<string, (pluginId: string, ttl?: number) => Client>;
  };
  const factory = internals.storeFactories?.redis;
  if (!internals.storeFactories || typeof factory !== 'function')
    throw new Error(
      'CacheManager has no redis store factory any more: its Redis connection cannot be closed',
    );
  const clients: Client[] = [];
  internals.storeFactories.redis = (id, ttl) => {
    const client = factory(id, ttl);
    clients.push(client);
    return client;
  };
  return {
    cache: manager.forPlugin(pluginId),
    close: async () => {
      await Promise.all(clients.map(c => c.disconnect()));
    },
  };
}
