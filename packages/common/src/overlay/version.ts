/** Newest Cilium behaviour ytk models; an unknown version is treated as this one. */
export const NEWEST_CILIUM = '1.20.0';

/** Parse "v1.19.2" / "1.19" into [major, minor, patch]; undefined when unparsable. */
export function parseVersion(
  v: string | undefined,
): [number, number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec((v ?? '').trim());
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
}

/** True when `version` (unknown ⇒ newest) is at least `major.minor`. */
export function ciliumAtLeast(
  version: string | undefined,
  major: number,
  minor: number,
): boolean {
  const p = parseVersion(version) ?? parseVersion(NEWEST_CILIUM)!;
  return p[0] > major || (p[0] === major && p[1] >= minor);
}
