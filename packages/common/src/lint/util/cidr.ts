import { parseCidr as parseCidrText } from '../../resources/validation';

/** IPv4/IPv6 CIDR arithmetic for lint (no Node built-ins: browser-safe). */
export interface Cidr {
  v6: boolean;
  base: bigint;
  bits: number;
  prefix: number;
}

export function parseCidr(text: string): Cidr | undefined {
  // One parser for the whole engine: the API server's rules (resources/validation).
  const c = parseCidrText(text.trim());
  if (!c) return undefined;
  const bits = c.family === 4 ? 32 : 128;
  const hostBits = BigInt(bits - c.prefix);
  return {
    v6: c.family === 6,
    base: (c.address >> hostBits) << hostBits,
    bits,
    prefix: c.prefix,
  };
}

/** `inner` lies inside `outer` (same family). */
export function contains(outer: Cidr, inner: Cidr): boolean {
  if (outer.v6 !== inner.v6 || inner.prefix < outer.prefix) return false;
  const shift = BigInt(outer.bits - outer.prefix);
  return inner.base >> shift === outer.base >> shift;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return contains(a, b) || contains(b, a);
}

export function containsIp(c: Cidr, ip: string): boolean {
  const p = parseCidr(`${ip}/${ip.includes(':') ? 128 : 32}`);
  return !!p && contains(c, p);
}

export const PRIVATE_V4 = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
].map(c => parseCidr(c)!);
