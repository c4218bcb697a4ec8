import type { Connection, ConnectivityDiff } from '../model/flow';
import type { Overlay } from '../model/overlay';
import { computeConnectivity, diffConnectivity } from '../connectivity';
import {
  describeIntervals,
  equalIntervals,
  isEmpty,
  subtract,
  toIntervals,
} from './portSet';
import type { ResolvedPeeringRequest } from './types';

export interface PeeringVerification {
  ok: boolean;
  /** Every requested flow was already allowed before. */
  alreadyAllowed: boolean;
  diff: ConnectivityDiff;
  problems: string[];
}

function pairKey(c: Connection): string {
  return `${JSON.stringify(c.from)}>${JSON.stringify(c.to)}`;
}

/**
 * Proves that going from `before` to `after` opens exactly the requested flows and changes nothing
 * else: every changed pair is (from → a target), it gains exactly the requested ports that were not
 * already open, nothing is removed, and nothing needs mutual authentication.
 */
export function verifyPeering(
  request: ResolvedPeeringRequest,
  before: Overlay,
  after: Overlay,
): PeeringVerification {
  const afterConnectivity = computeConnectivity(after);
  const diff = diffConnectivity(computeConnectivity(before), afterConnectivity);
  const problems: string[] = [];
  const requested = toIntervals(request.ports);
  const expectedPairs = new Set(
    request.targets.map(t =>
      pairKey({
        from: { workload: request.from },
        to: { workload: t },
        ports: 'all',
        crossCluster: false,
      }),
    ),
  );

  for (const c of diff.removed) problems.push(`would remove ${pairKey(c)}`);
  const gained = new Map<string, Connection>();
  for (const c of diff.added) gained.set(pairKey(c), c);
  for (const { after: c } of diff.changed) gained.set(pairKey(c), c);
  const beforeByPair = new Map(
    diff.changed.map(({ before: b }) => [pairKey(b), b] as const),
  );

  for (const [key, c] of gained) {
    if (!expectedPairs.has(key)) {
      problems.push(`would also change ${key}`);
      continue;
    }
    const was = toIntervals(beforeByPair.get(key)?.ports);
    const now = toIntervals(c.ports);
    const added = subtract(now, was);
    const wanted = subtract(requested, was);
    if (!equalIntervals(added, wanted))
      problems.push(
        `${key} would gain ${describeIntervals(added)} instead of ${describeIntervals(wanted)}`,
      );
    if (c.authRequired)
      problems.push(`${key} would require mutual authentication`);
  }
  // Targets whose requested ports did not open at all (a deny rule, or an enforcer that cannot express it).
  let alreadyAllowed = true;
  for (const t of request.targets) {
    const key = pairKey({
      from: { workload: request.from },
      to: { workload: t },
      ports: 'all',
      crossCluster: false,
    });
    const now = toIntervals(
      afterConnectivity.connections.find(c => pairKey(c) === key)?.ports,
    );
    const missing = subtract(requested, now);
    if (!isEmpty(missing))
      problems.push(
        `${key} would still not allow ${describeIntervals(missing)}`,
      );
    if (gained.has(key)) alreadyAllowed = false;
  }
  if (!isEmpty(requested) && alreadyAllowed && problems.length === 0)
    return {
      ok: false,
      alreadyAllowed: true,
      diff,
      problems: ['already allowed'],
    };
  return { ok: problems.length === 0, alreadyAllowed: false, diff, problems };
}
