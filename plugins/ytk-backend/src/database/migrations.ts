import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

/**
 * Brings the plugin database to the latest schema (plugins/ytk-backend/migrations). Every store
 * calls it before use; a second call finds nothing to do.
 */
export async function migrateYtkDatabase(
  knex: Knex,
  options: { skip?: boolean } = {},
): Promise<void> {
  if (options.skip) return;
  await knex.migrate.latest({
    directory: resolvePackagePath(
      '@ytknetwork/backstage-plugin-ytk-backend',
      'migrations',
    ),
    tableName: 'ytk_knex_migrations',
  });
}
