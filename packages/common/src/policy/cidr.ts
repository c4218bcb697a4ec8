import { parseCidr as parseCidrText } from '../resources/validation';

/** IPv4/IPv6 prefixes as inclusive bigint intervals, for CIDR and ipBlock matching. */
export interface IpRange {
  v6: boolean;
  lo: bigint;
  hi: bigint;
}

/** Parses `10.0.0.0/8`, `::/0` or a bare address (a /32 or /128); undefined when invalid. */
export function parseCidr(text: string): IpRange | undefined {
  // One parser for the whole engine: the API server's rules (resources/validation).
  const c = parseCidrText(text.trim(), true);
  if (!c) return undefined;
  const hostBits = BigInt((c.family === 4 ? 32 : 128) - c.prefix);
  const lo = (c.address >> hostBits) << hostBits;
  return { v6: c.family === 6, lo, hi: lo + (1n << hostBits) - 1n };
}

export const contains = (outer: IpRange, inner: IpRange): boolean =>
  outer.v6 === inner.v6 && outer.lo <= inner.lo && inner.hi <= outer.hi;

export const overlaps = (a: IpRange, b: IpRange): boolean =>
  a.v6 === b.v6 && a.lo <= b.hi && b.lo <= a.hi;

/** The whole internet, both families: what the `world` endpoint stands for. */
export const WORLD_RANGES: IpRange[] = [
  parseCidr('0.0.0.0/0')!,
  parseCidr('::/0')!,
];

/** A CIDR with exceptions matches a range entirely inside it and outside every exception. */
export function cidrMatches(
  cidr: IpRange,
  except: IpRange[],
  r: IpRange,
): boolean {
  return contains(cidr, r) && !except.some(e => overlaps(e, r));
}
