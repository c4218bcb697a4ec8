import { randomUUID } from 'node:crypto';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { registerYtkActions } from './actions';
import { readYtkConfig } from './config';
import { OverlayService } from './overlay/OverlayService';
import {
  ytkPeeringPermissions,
  ytkPermissions,
  ytkPolicyResourceRef,
  ytkPolicyRules,
} from './permissions';
import { createRouter } from './router';
import { PeeringService } from './peering/PeeringService';
import { createPeeringNotifier } from './peering/notifier';
import { schedulePeeringExpiry } from './peering/expiry';
import { PeeringStore } from './peering/store';
import { PostureService } from './posture/PostureService';
import { FlowIngestion } from './flows/FlowIngestion';
import { FlowLease } from './flows/FlowLease';
import { FlowStore } from './flows/FlowStore';
import { scheduleFlowPruning } from './flows/prune';
import { PostureHistoryStore } from './posture/historyStore';
import { createSources } from './sources/createSources';
import { TeamService } from './teams/TeamService';
import { durationToMilliseconds } from '@backstage/types';

/** Longest start-up waits for the first version's views (a large overlay: seconds). */
const FIRST_VIEWS_WAIT_MS = 60_000;

/**
 * The ytk backend plugin: multi-cluster network policy over REST.
 *
 * @public
 */
export const ytkPlugin = createBackendPlugin({
  pluginId: 'ytk',
  register(env) {
    env.registerInit({
      deps: {
        logger: coreServices.logger,
        rootConfig: coreServices.rootConfig,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        userInfo: coreServices.userInfo,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        discovery: coreServices.discovery,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        // Always resolvable (its default factory posts to the notifications plugin); used only
        // when that plugin is installed in this backend, see peering/notifier.ts.
        notifications: notificationService,
        instanceMetadata: coreServices.rootInstanceMetadata,
      },
      async init(deps) {
        // Fails startup with the offending key (ytk.clusters[1].url).
        const config = readYtkConfig(deps.rootConfig);
        const overlay = OverlayService.create({
          sources: createSources(config, deps.logger),
          logger: deps.logger,
          debounceMs: config.overlay.debounceMs,
          views: config.overlay.views,
        });
        const teams = TeamService.create(deps);

        deps.permissionsRegistry.addResourceType({
          resourceRef: ytkPolicyResourceRef,
          permissions: ytkPermissions,
          rules: Object.values(ytkPolicyRules),
          getResources: async ids => {
            const o = overlay.current();
            const owners = await teams.owners(o);
            const subjects = overlay.policySubjects(o);
            return ids.map(id => {
              const p = o.clusters
                .flatMap(c => c.policies)
                .find(x => x.id === id);
              if (!p) return undefined;
              const t = (subjects.get(p.id) ?? []).flatMap(w => {
                const team = owners.get(w)?.team;
                return team ? [team] : [];
              });
              return {
                id: p.id,
                cluster: p.cluster,
                namespace: p.namespace,
                teams: [...new Set(t)],
              };
            });
          },
        });

        deps.permissionsRegistry.addPermissions(ytkPeeringPermissions);
        const knex = await deps.database.getClient();
        const peering = PeeringService.create({
          store: await PeeringStore.create({
            knex,
            skipMigrations: deps.database.migrations?.skip,
          }),
          overlay,
          config,
          logger: deps.logger,
          notifier: createPeeringNotifier({
            notifications: deps.notifications,
            enabled: async () =>
              (await deps.instanceMetadata.getInstalledPlugins()).some(
                p => p.pluginId === 'notifications',
              ),
            logger: deps.logger,
          }),
        });
        await schedulePeeringExpiry({
          scheduler: deps.scheduler,
          peering,
          logger: deps.logger,
          frequency: config.peering.expiryInterval,
        });

        const routerDeps = {
          config,
          logger: deps.logger,
          httpAuth: deps.httpAuth,
          permissions: deps.permissions,
          permissionsRegistry: deps.permissionsRegistry,
          overlay,
          teams,
        };
        const posture = PostureService.create({
          overlay,
          teams,
          logger: deps.logger,
          store: await PostureHistoryStore.create({
            knex,
            skipMigrations: deps.database.migrations?.skip,
            retention: {
              maxEntries: config.posture.history.maxEntries,
              maxAgeMs: durationToMilliseconds(config.posture.history.maxAge),
            },
          }),
        });
        // Observed flows (docs/observed-flows.md): aggregates in the database, pruned by retention.
        const flowStore = await FlowStore.create({
          knex,
          skipMigrations: deps.database.migrations?.skip,
        });
        const flowIngestion = new FlowIngestion({
          config,
          store: flowStore,
          overlay,
          logger: deps.logger,
          // With several replicas one streams each cluster's relay (the others serve its health).
          lease: new FlowLease(knex, randomUUID()),
        });
        await scheduleFlowPruning({
          scheduler: deps.scheduler,
          store: flowStore,
          logger: deps.logger,
          retention: config.flows.retention,
          frequency: config.flows.pruneInterval,
        });
        deps.httpRouter.use(
          createRouter({
            ...routerDeps,
            peering,
            posture,
            flowStore,
            flowIngestion,
            auditor: deps.auditor,
          }),
        );
        // Probes carry no token; the route answers them with the status only.
        deps.httpRouter.addAuthPolicy({
          path: '/health',
          allow: 'unauthenticated',
        });
        registerYtkActions(deps.actionsRegistry, routerDeps);

        // Listening before the first build: the trend starts with it.
        posture.start();
        await overlay.start();
        // Ready (the backend's readiness) once the first version's views are derived: the first
        // pages then answer from them instead of deriving them on the event loop.
        await overlay.viewsReady(FIRST_VIEWS_WAIT_MS);
        // After the first build: flows are attributed against the overlay.
        await flowIngestion.start();
        deps.lifecycle.addShutdownHook(async () => {
          await flowIngestion.stop();
          await posture.stop();
          await overlay.stop();
        });
        deps.logger.info(
          `ytk: serving ${config.clusters.length} cluster(s), overlay version ${overlay.current().version}`,
        );
      },
    });
  },
});
