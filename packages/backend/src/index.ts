/*
 * The ytk demo portal backend: a standard Backstage backend with the catalog,
 * guest sign-in, an allow-all permission policy (demo only), notifications and the ytk plugin.
 * The frontend is served by its own dev server in `npm start`, so no app-backend.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));

backend.add(import('@backstage/plugin-permission-backend'));
// Demo only: every request is allowed. Production swaps in a real policy module.
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

// Stores and serves notifications; the ytk plugin notifies reviewers and requesters through it
// when it is installed (see docs/peering.md).
backend.add(import('@backstage/plugin-notifications-backend'));

backend.add(import('@ytknetwork/backstage-plugin-ytk-backend'));

backend.start();
