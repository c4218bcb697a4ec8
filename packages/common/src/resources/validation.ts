/* Syntax checks the Kubernetes API server applies (apimachinery validation), as messages or undefined. */

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export function dns1123Subdomain(s: string): string | undefined {
  if (s.length > 253) return 'must be no more than 253 characters';
  if (!DNS1123_SUBDOMAIN.test(s))
    return 'must be a lowercase RFC 1123 subdomain';
  return undefined;
}

export function dns1123Label(s: string): string | undefined {
  if (s.length > 63) return 'must be no more than 63 characters';
  if (!DNS1123_LABEL.test(s)) return 'must be a lowercase RFC 1123 label';
  return undefined;
}

/** Label and annotation keys: optional DNS-subdomain prefix, '/', name of at most 63 characters. */
export function qualifiedName(s: string): string | undefined {
  const parts = s.split('/');
  let name = s;
  if (parts.length === 2) {
    const prefix = parts[0];
    if (!prefix) return 'prefix part must be non-empty';
    const bad = dns1123Subdomain(prefix);
    if (bad) return `prefix part ${bad}`;
    name = parts[1];
  } else if (parts.length > 2) {
    return 'must consist of an optional prefix, a "/" and a name';
  }
  if (!name) return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!QUALIFIED_NAME.test(name)) {
    return "name part must consist of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric";
  }
  return undefined;
}

export function labelValue(s: string): string | undefined {
  if (s.length > 63) return 'must be no more than 63 characters';
  if (!LABEL_VALUE.test(s)) {
    return "must be empty or consist of alphanumerics, '-', '_' or '.', starting and ending with an alphanumeric";
  }
  return undefined;
}

/** IANA service name, as a named port (IsValidPortName). */
export function portName(s: string): string | undefined {
  if (s.length < 1 || s.length > 15)
    return 'a port name must be 1–15 characters';
  if (!/^[-a-z0-9]+$/.test(s))
    return 'a port name may contain only lowercase alphanumerics and "-"';
  if (!/[a-z]/.test(s)) return 'a port name must contain at least one letter';
  if (s.startsWith('-') || s.endsWith('-') || s.includes('--')) {
    return 'a port name may not begin or end with "-" or contain "--"';
  }
  return undefined;
}

export interface ParsedCidr {
  family: 4 | 6;
  /** Address as a bigint (32 or 128 bits). */
  address: bigint;
  prefix: number;
}

function parseIPv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let out = 0n;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p.startsWith('0')))
      return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out = (out << 8n) | BigInt(n);
  }
  return out;
}

function ipv6Words(groups: string[], v4Tail: boolean): number[] | undefined {
  const words: number[] = [];
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    if (v4Tail && i === groups.length - 1 && g.includes('.')) {
      const v4 = parseIPv4(g);
      if (v4 === undefined) return undefined;
      words.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
    } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) {
      words.push(parseInt(g, 16));
    } else {
      return undefined;
    }
  }
  return words;
}

function parseIPv6(s: string): bigint | undefined {
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const split = (h: string) => (h === '' ? [] : h.split(':'));
  let full: number[];
  if (halves.length === 1) {
    const words = ipv6Words(split(halves[0]), true);
    if (!words || words.length !== 8) return undefined;
    full = words;
  } else {
    const head = ipv6Words(split(halves[0]), false);
    const tail = ipv6Words(split(halves[1]), true);
    if (!head || !tail || head.length + tail.length > 7) return undefined;
    full = [
      ...head,
      ...Array<number>(8 - head.length - tail.length).fill(0),
      ...tail,
    ];
  }
  return full.reduce((acc, w) => (acc << 16n) | BigInt(w), 0n);
}

export function parseIp(
  s: string,
): { family: 4 | 6; address: bigint } | undefined {
  if (s.includes(':')) {
    const a = parseIPv6(s);
    return a === undefined ? undefined : { family: 6, address: a };
  }
  const a = parseIPv4(s);
  return a === undefined ? undefined : { family: 4, address: a };
}

/** Parses "addr/prefix"; with allowBareIp a plain address is a host prefix (Cilium accepts that). */
export function parseCidr(
  s: string,
  allowBareIp = false,
): ParsedCidr | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) {
    if (!allowBareIp) return undefined;
    const ip = parseIp(s);
    return ip && { ...ip, prefix: ip.family === 4 ? 32 : 128 };
  }
  const ip = parseIp(s.slice(0, slash));
  const p = s.slice(slash + 1);
  if (!ip || !/^\d{1,3}$/.test(p)) return undefined;
  const prefix = Number(p);
  if (prefix > (ip.family === 4 ? 32 : 128)) return undefined;
  return { ...ip, prefix };
}

function network(c: ParsedCidr): bigint {
  const bits = BigInt(c.family === 4 ? 32 : 128);
  const hostBits = bits - BigInt(c.prefix);
  return (c.address >> hostBits) << hostBits;
}

/** True when `inner` lies inside `outer` (same family, prefix at least as long). */
export function cidrContains(outer: ParsedCidr, inner: ParsedCidr): boolean {
  if (outer.family !== inner.family || inner.prefix < outer.prefix)
    return false;
  return network({ ...inner, prefix: outer.prefix }) === network(outer);
}

export function cidrSyntax(allowBareIp: boolean) {
  return (s: string): string | undefined =>
    parseCidr(s, allowBareIp)
      ? undefined
      : 'must be a valid CIDR such as 10.0.0.0/8 or fd00::/64';
}
