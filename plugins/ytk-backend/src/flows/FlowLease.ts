import type { FlowSourceHealth } from '@ytknetwork/common';
import type { Knex } from 'knex';

const T = 'ytk_flow_leases';

/**
 * Per-cluster leases in the plugin database: one backend instance at a time streams a cluster
 * from Hubble Relay. A lease is taken when free or expired, renewed by its holder, and carries the
 * holder's source health for the instances that do not stream.
 */
export class FlowLease {
  constructor(
    private readonly db: Knex,
    readonly holder: string,
  ) {}

  /**
   * Takes or renews the lease of `cluster` for `ttlMs` and stores `health` with it; returns
   * whether this instance holds it, and the health the holder last stored.
   */
  async acquire(
    cluster: string,
    ttlMs: number,
    health: FlowSourceHealth,
    now = Date.now(),
  ): Promise<{ held: boolean; health?: FlowSourceHealth }> {
    const row = {
      cluster,
      holder: this.holder,
      expires_at_ms: now + ttlMs,
      health: JSON.stringify(health),
    };
    await this.db(T)
      .insert(row)
      .onConflict('cluster')
      .merge(['holder', 'expires_at_ms', 'health'])
      .where(`${T}.holder`, this.holder)
      .orWhere(`${T}.expires_at_ms`, '<', now);
    const current = await this.db(T).where({ cluster }).first();
    const held = current?.holder === this.holder;
    return {
      held,
      ...(current?.health ? { health: JSON.parse(current.health) } : {}),
    };
  }

  /** Gives the lease up (on shutdown), so another instance takes over without waiting. */
  async release(cluster: string): Promise<void> {
    await this.db(T)
      .where({ cluster, holder: this.holder })
      .update({ expires_at_ms: 0 });
  }
}
