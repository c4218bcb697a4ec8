/** Compares dotted versions numerically ("1.19.2" vs "1.20"); missing parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

function parse(v: string): number[] {
  const m = /^v?(\d+(?:\.\d+)*)/.exec(v.trim());
  return m ? m[1].split('.').map(n => Number(n)) : [];
}

/**
 * True when `version` is at least `min`. An unknown version counts as the newest
 * supported behaviour (CiliumFlags.version doc), so it satisfies every minimum.
 */
export function atLeast(version: string | undefined, min: string): boolean {
  if (!version || parse(version).length === 0) return true;
  return compareVersions(version, min) >= 0;
}
