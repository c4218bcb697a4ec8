import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  postureCounts,
  type Overlay,
  type PostureHistoryEntry,
  type WorkloadRef,
} from '@ytknetwork/common';
import type { OverlayService } from '../overlay/OverlayService';
import type { TeamService } from '../teams/TeamService';
import type { PostureHistoryStore } from './historyStore';
import type { StoredPostureReport } from './postureView';

/** Reports by scope, per overlay: a new overlay version starts empty, an old one is collected. */
const reports = new WeakMap<
  Overlay,
  Map<string, Promise<StoredPostureReport>>
>();

/**
 * Posture reports of teams and entities, assessed once per overlay version and scope, and the
 * per-team trend: after every overlay rebuild each team's summary is recorded in the plugin
 * database (one team at a time, always for the latest version; a run still going when a newer
 * version arrives stops and starts over on it).
 */
export class PostureService {
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  private unsubscribe?: () => void;
  /** `team` → the scope key last recorded for it (overlay version and workloads). */
  private readonly recorded = new Map<string, string>();

  static create(deps: {
    overlay: OverlayService;
    teams: TeamService;
    store: PostureHistoryStore;
    logger: LoggerService;
  }) {
    return new PostureService(
      deps.overlay,
      deps.teams,
      deps.store,
      deps.logger,
    );
  }

  private constructor(
    private readonly overlay: OverlayService,
    private readonly teams: TeamService,
    readonly store: PostureHistoryStore,
    private readonly logger: LoggerService,
  ) {}

  /** Records every team's summary after each rebuild from now on. */
  start(): void {
    this.unsubscribe = this.overlay.onChange(() => this.schedule());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    await this.running;
  }

  /**
   * The report of a scope (a team's or an entity's workloads) over `overlay`, with the overlay's
   * lint findings as evidence; assessed once per overlay and scope, shared by every caller.
   */
  report(
    overlay: Overlay,
    name: string,
    workloads: WorkloadRef[],
  ): Promise<StoredPostureReport> {
    const refs = [...workloads].sort();
    const key = scopeKey(overlay, name, refs);
    let byScope = reports.get(overlay);
    if (!byScope) reports.set(overlay, (byScope = new Map()));
    let report = byScope.get(key);
    if (!report) {
      report = this.assess(overlay, name, refs);
      byScope.set(key, report);
      // A failed assessment is not kept: the next request tries again.
      report.catch(() => byScope!.delete(key));
    }
    return report;
  }

  /** Stores the team's summary for this overlay version, unless already done. */
  async record(
    overlay: Overlay,
    team: string,
    workloads: WorkloadRef[],
  ): Promise<void> {
    const key = scopeKey(overlay, team, [...workloads].sort());
    if (this.recorded.get(team) === key) return;
    const report = await this.report(overlay, team, workloads);
    const entry: PostureHistoryEntry = {
      overlayVersion: overlay.version,
      catalogueVersion: report.catalogueVersion,
      at: new Date().toISOString(),
      counts: postureCounts(report.summary),
    };
    await this.store.record(team, entry);
    this.recorded.set(team, key);
  }

  private async assess(
    overlay: Overlay,
    name: string,
    refs: WorkloadRef[],
  ): Promise<StoredPostureReport> {
    // Findings of the current version; of a newer one only in a race with a rebuild. (Used
    // when the assessment runs here; the lint worker uses its own of the overlay's version.)
    const findings = await this.overlay.allFindings();
    return this.overlay.postureReport(
      overlay,
      { name, workloads: refs },
      findings,
    );
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.recordAll()
      .catch(e => this.logger.warn(`ytk: posture history not recorded: ${e}`))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.schedule();
        }
      });
  }

  /** Every team's summary for the current overlay, one team at a time. */
  private async recordAll(): Promise<void> {
    const overlay = this.overlay.current();
    const byTeam = new Map<string, WorkloadRef[]>();
    for (const [ref, owner] of await this.teams.owners(overlay)) {
      if (!owner.team) continue;
      const refs = byTeam.get(owner.team) ?? [];
      refs.push(ref);
      byTeam.set(owner.team, refs);
    }
    for (const team of [...byTeam.keys()].sort()) {
      // A newer version is on its way (schedule() runs again for it).
      if (this.stopped || this.overlay.current() !== overlay) return;
      await this.record(overlay, team, byTeam.get(team)!);
      // Let requests in between two teams' assessments.
      await new Promise(resolve => setImmediate(resolve));
    }
  }
}

function scopeKey(overlay: Overlay, name: string, refs: WorkloadRef[]) {
  return JSON.stringify([overlay.version, name, refs]);
}
