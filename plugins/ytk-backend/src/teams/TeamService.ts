import type {
  AuthService,
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { componentLookup } from './componentLookup';
import {
  entityMatchesWorkload,
  type Overlay,
  type TeamView,
  type WorkloadRef,
} from '@ytknetwork/common';

export interface WorkloadOwner {
  team?: string;
  component: string;
}

interface CatalogIndex {
  /** Identifies this content: changes only when the catalog's content does. */
  at: number;
  /** When it was last read from the catalog. */
  fetchedAt: number;
  fingerprint: string;
  components: Array<{
    ref: string;
    owner?: string;
    system?: string;
    annotations: Record<string, string>;
  }>;
  systems: Map<string, string | undefined>;
  groups: Map<string, TeamView>;
}

/** How long a catalog read is kept once the catalog has stopped changing. */
export const CATALOG_TTL_MS = 30_000;
/**
 * How soon to read again after a read that found the catalog empty or changed. A catalog that
 * is still ingesting (the first minute after start-up) holds some groups and components but not
 * yet all: keeping such a partial read 30 s hid teams' workloads (and a peering target's owning
 * team) that long. Each unchanged read doubles the wait, up to CATALOG_TTL_MS.
 */
export const SETTLING_CATALOG_TTL_MS = 1_000;

function ownerRef(entity: Entity, kind = 'group'): string | undefined {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: kind,
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

/**
 * Catalog → teams → workloads. Ownership is read with the plugin's own
 * credentials (so a peer can be labelled with its team); what a user may see
 * in detail is decided by the caller from `teamsOf(credentials)`.
 */
export class TeamService {
  private index?: CatalogIndex;
  private loading?: Promise<CatalogIndex>;
  private ttl = SETTLING_CATALOG_TTL_MS;
  private ownerCache?: {
    version: number;
    at: number;
    map: Map<WorkloadRef, WorkloadOwner>;
  };

  static create(deps: {
    catalog: CatalogService;
    auth: AuthService;
    userInfo: UserInfoService;
  }) {
    return new TeamService(deps.catalog, deps.auth, deps.userInfo);
  }

  private constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly userInfo: UserInfoService,
  ) {}

  /** The user's ownership claims (user ref + groups); none for a service. */
  async claimsOf(credentials: BackstageCredentials): Promise<string[]> {
    if (!this.auth.isPrincipal(credentials, 'user')) return [];
    const info = await this.userInfo.getUserInfo(credentials);
    return info.ownershipEntityRefs;
  }

  /** Teams (groups) among the user's claims, with titles from the catalog. */
  async teamsOf(credentials: BackstageCredentials): Promise<TeamView[]> {
    const claims = await this.claimsOf(credentials);
    const index = await this.catalogIndex();
    return claims
      .filter(c => c.startsWith('group:'))
      .map(ref => index.groups.get(ref) ?? this.teamView(ref));
  }

  async team(refOrName: string): Promise<TeamView | undefined> {
    let ref: string;
    try {
      ref = stringifyEntityRef(
        parseEntityRef(refOrName, {
          defaultKind: 'group',
          defaultNamespace: 'default',
        }),
      );
    } catch {
      return undefined;
    }
    if (!ref.startsWith('group:')) return undefined;
    return (await this.catalogIndex()).groups.get(ref);
  }

  /** Owner (team, component) of every workload the catalog claims, per overlay version. */
  async owners(overlay: Overlay): Promise<Map<WorkloadRef, WorkloadOwner>> {
    const index = await this.catalogIndex();
    if (
      this.ownerCache &&
      this.ownerCache.version === overlay.version &&
      this.ownerCache.at === index.at
    ) {
      return this.ownerCache.map;
    }
    const map = new Map<WorkloadRef, WorkloadOwner>();
    const componentOf = componentLookup(index.components);
    for (const cluster of overlay.clusters) {
      for (const w of cluster.workloads) {
        const c = componentOf(w);
        if (!c) continue;
        const team =
          c.owner ?? (c.system ? index.systems.get(c.system) : undefined);
        map.set(w.ref, { team, component: c.ref });
      }
    }
    this.ownerCache = { version: overlay.version, at: index.at, map };
    return map;
  }

  /** Workload refs a set of teams owns (through components or their systems). */
  async workloadsOf(overlay: Overlay, teams: string[]): Promise<WorkloadRef[]> {
    const owners = await this.owners(overlay);
    const out: WorkloadRef[] = [];
    for (const [ref, o] of owners)
      if (o.team && teams.includes(o.team)) out.push(ref);
    return out;
  }

  /** Workloads of one catalog entity (a Component, or a System's components). */
  async workloadsOfEntity(
    overlay: Overlay,
    entity: Entity,
  ): Promise<WorkloadRef[]> {
    const ref = stringifyEntityRef(entity);
    const owners = await this.owners(overlay);
    const index = await this.catalogIndex();
    const components =
      entity.kind.toLowerCase() === 'system'
        ? new Set(
            index.components.filter(c => c.system === ref).map(c => c.ref),
          )
        : new Set([ref]);
    const out: WorkloadRef[] = [];
    for (const [w, o] of owners) if (components.has(o.component)) out.push(w);
    // An entity not in the index yet (new) still matches by its own annotations.
    if (out.length === 0 && entity.metadata.annotations) {
      for (const c of overlay.clusters) {
        for (const w of c.workloads) {
          if (entityMatchesWorkload(entity.metadata.annotations, w))
            out.push(w.ref);
        }
      }
    }
    return out;
  }

  async entity(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<Entity | undefined> {
    return this.catalog.getEntityByRef(ref, { credentials });
  }

  private teamView(ref: string, entity?: Entity): TeamView {
    const { name } = parseEntityRef(ref);
    const title =
      (entity?.spec as { profile?: { displayName?: string } } | undefined)
        ?.profile?.displayName ?? entity?.metadata.title;
    return title ? { ref, name, title } : { ref, name };
  }

  private async catalogIndex(): Promise<CatalogIndex> {
    if (this.index && Date.now() - this.index.fetchedAt < this.ttl) {
      return this.index;
    }
    // Concurrent requests after the TTL share one catalog read.
    this.loading ??= this.loadCatalogIndex().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async loadCatalogIndex(): Promise<CatalogIndex> {
    const credentials = await this.auth.getOwnServiceCredentials();
    const { items } = await this.catalog.getEntities(
      { filter: { kind: ['Component', 'System', 'Group'] } },
      { credentials },
    );
    const index: CatalogIndex = {
      // Strictly increasing even within one millisecond, so owner caches invalidate.
      at: Math.max(Date.now(), (this.index?.at ?? 0) + 1),
      fetchedAt: Date.now(),
      fingerprint: '',
      components: [],
      systems: new Map(),
      groups: new Map(),
    };
    for (const e of items) {
      const ref = stringifyEntityRef(e);
      const kind = e.kind.toLowerCase();
      if (kind === 'group') index.groups.set(ref, this.teamView(ref, e));
      else if (kind === 'system') index.systems.set(ref, ownerRef(e));
    }
    for (const e of items) {
      if (e.kind.toLowerCase() !== 'component') continue;
      const system = (e.spec as { system?: unknown } | undefined)?.system;
      index.components.push({
        ref: stringifyEntityRef(e),
        owner: ownerRef(e),
        system:
          typeof system === 'string'
            ? stringifyEntityRef(
                parseEntityRef(system, {
                  defaultKind: 'system',
                  defaultNamespace: e.metadata.namespace ?? 'default',
                }),
              )
            : undefined,
        annotations: e.metadata.annotations ?? {},
      });
    }
    // An unchanged catalog keeps its `at`, so everything derived from it (owners,
    // serialized views) stays cached across refreshes.
    index.fingerprint = JSON.stringify([
      index.components,
      [...index.systems],
      [...index.groups],
    ]);
    const empty = !index.components.length && !index.groups.size;
    if (this.index?.fingerprint === index.fingerprint) {
      this.index.fetchedAt = index.fetchedAt;
      this.ttl = empty
        ? SETTLING_CATALOG_TTL_MS
        : Math.min(this.ttl * 2, CATALOG_TTL_MS);
      return this.index;
    }
    this.ttl = SETTLING_CATALOG_TTL_MS;
    this.index = index;
    return index;
  }
}
