import type {
  CiliumCIDRRule,
  CiliumEgressRule,
  CiliumIngressRule,
  CiliumL7Rules,
  CiliumPortProtocol,
  CiliumPortRule,
  CiliumRule,
} from '../model/kube';
import type { FieldPath } from '../model/source';
import {
  CILIUM_EGRESS_L3,
  CILIUM_ENTITIES,
  CILIUM_EXTENDED_PROTOCOLS,
  CILIUM_INGRESS_L3,
  CILIUM_MAX_PORTS,
  CILIUM_PROTOCOLS,
  CILIUM_RULE_FIELDS,
  type CiliumFieldGroup,
} from './ciliumFields';
import type { DecodeContext } from './context';
import {
  arrayOf,
  bool,
  has,
  int,
  intOrString,
  nonEmpty,
  objectOf,
  oneOf,
  pattern,
  refine,
  str,
  stringMap,
  type Decoder,
  type ObjectOptions,
} from './fields';
import { ciliumSelector } from './selectors';
import { cidrContains, cidrSyntax, parseCidr } from './validation';

/* cilium.io/v2 rules with the checks of Cilium's Sanitize (SEMANTICS §2.1, §2.5, §2.10, §2.11). */

/** objectOf whose field table must name exactly the CRD's fields for that group. */
function group<G extends CiliumFieldGroup>(
  _name: G,
  fields: Record<(typeof CILIUM_RULE_FIELDS)[G][number], Decoder<unknown>>,
  opts?: ObjectOptions,
): Decoder<Record<string, unknown>> {
  return objectOf<Record<string, unknown>>(fields, opts);
}

function typed<T>(d: Decoder<unknown>): Decoder<T> {
  return d as Decoder<T>;
}
const strings = arrayOf(str);

function portNumberOrName(s: string): string | undefined {
  if (/^\d+$/.test(s))
    return Number(s) <= 65535 ? undefined : 'port must be 0–65535';
  // Same language as the CRD pattern, without its backtracking-prone regex.
  if (!/^[a-zA-Z0-9-]+$/.test(s) || !/[a-zA-Z]/.test(s) || /^-|-$|--/.test(s)) {
    return 'must be a port number or a port name such as "http"';
  }
  return undefined;
}

/** CRD: `^([-a-zA-Z0-9_]+[.]?)+$` (with `*` for patterns), max 255. */
function dnsName(allowStar: boolean) {
  const chars = allowStar ? /^[-a-zA-Z0-9_*.]+$/ : /^[-a-zA-Z0-9_.]+$/;
  return (s: string) =>
    s.length <= 255 && chars.test(s) && !s.startsWith('.') && !s.includes('..')
      ? undefined
      : `must be a DNS name${allowStar ? ' pattern' : ''} (letters, digits, "-", "_"${allowStar ? ', "*"' : ''} and single dots)`;
}

const protocol: Decoder<string> = (v, path, ctx) => {
  const s = str(v, path, ctx);
  if (s === undefined) return undefined;
  if ((CILIUM_PROTOCOLS as readonly string[]).includes(s)) return s;
  if ((CILIUM_EXTENDED_PROTOCOLS as readonly string[]).includes(s)) {
    ctx.report(
      'invalid-value',
      'info',
      path,
      `protocol ${s} needs --enable-extended-ip-protocols and port 0`,
    );
    return s;
  }
  ctx.error(
    'invalid-value',
    path,
    `unsupported protocol "${s}"; expected one of ${CILIUM_PROTOCOLS.join(', ')}`,
  );
  return undefined;
};

const portProtocol = typed<CiliumPortProtocol>(
  group(
    'portProtocol',
    {
      port: pattern(portNumberOrName),
      endPort: int({ min: 0, max: 65535 }),
      protocol,
    },
    { required: ['port'] },
  ),
);

const secret = group(
  'secret',
  { name: str, namespace: str },
  { required: ['name'] },
);
const tlsContext = group(
  'tlsContext',
  { certificate: str, privateKey: str, secret, trustedCA: str },
  { required: ['secret'] },
);
const oneName = (what: string) =>
  refine(
    typed<Record<string, string>>(
      group('dnsRule', {
        matchName: pattern(dnsName(false)),
        matchPattern: pattern(dnsName(true)),
      }),
    ),
    (_d, raw, path, ctx) => {
      if (has(raw, 'matchName') === has(raw, 'matchPattern')) {
        ctx.error(
          'invalid-combination',
          path,
          `${what} must set exactly one of matchName or matchPattern`,
        );
      }
    },
  );

const l7Rules = typed<CiliumL7Rules>(
  group('l7Rules', {
    http: arrayOf(
      group('httpRule', {
        path: str,
        method: str,
        host: str,
        headers: strings,
        headerMatches: arrayOf(
          group(
            'headerMatch',
            {
              name: str,
              value: str,
              mismatch: oneOf(['LOG', 'ADD', 'DELETE', 'REPLACE'] as const),
              secret,
            },
            { required: ['name'] },
          ),
        ),
      }),
    ),
    dns: arrayOf(oneName('a DNS rule')),
    kafka: arrayOf(
      group('kafkaRule', {
        apiKey: str,
        apiVersion: str,
        clientID: str,
        role: oneOf(['produce', 'consume'] as const),
        topic: str,
      }),
    ),
    l7proto: str,
    l7: arrayOf(stringMap()),
  }),
);

function portRule(ingress: boolean): Decoder<CiliumPortRule> {
  return refine(
    typed<CiliumPortRule>(
      group('portRule', {
        ports: arrayOf(portProtocol),
        rules: l7Rules,
        serverNames: strings,
        terminatingTLS: tlsContext,
        originatingTLS: tlsContext,
        listener: group(
          'listener',
          {
            envoyConfig: group(
              'envoyConfig',
              { kind: str, name: str },
              { required: ['name'] },
            ),
            name: str,
            priority: int({ min: 0 }),
          },
          { required: ['envoyConfig', 'name'] },
        ),
      }),
    ),
    (pr, raw, path, ctx) => checkPortRule(pr, raw, path, ctx, ingress),
  );
}

function checkPortRule(
  pr: CiliumPortRule,
  raw: Record<string, unknown>,
  path: FieldPath,
  ctx: DecodeContext,
  ingress: boolean,
) {
  const rules = pr.rules ?? {};
  const kinds = (['http', 'kafka', 'dns'] as const).filter(
    k => (rules[k]?.length ?? 0) > 0,
  );
  if (rules.l7proto) kinds.push('l7proto' as never);
  const hasL7 = kinds.length > 0;
  const hasDns = (rules.dns?.length ?? 0) > 0;
  const ports = pr.ports ?? [];
  if (Array.isArray(raw.ports) && raw.ports.length > CILIUM_MAX_PORTS) {
    // Reported by arrayOf? No: PortRule.ports has no maxItems in older CRDs, so say it here.
    ctx.error(
      'invalid-value',
      [...path, 'ports'],
      `too many ports (${raw.ports.length}); the maximum is ${CILIUM_MAX_PORTS}`,
    );
  }
  if (kinds.length > 1) {
    ctx.error(
      'invalid-combination',
      [...path, 'rules'],
      `only one L7 kind per port rule is allowed (found ${kinds.join(', ')})`,
      true,
    );
  }
  if (ingress && hasDns) {
    ctx.error(
      'invalid-combination',
      [...path, 'rules', 'dns'],
      'DNS rules are not allowed on ingress',
      true,
    );
  }
  if (hasL7 && (pr.serverNames?.length ?? 0) > 0 && !pr.terminatingTLS) {
    ctx.error(
      'invalid-combination',
      [...path, 'serverNames'],
      'serverNames with L7 rules require terminatingTLS',
      true,
    );
  }
  if (pr.listener) {
    if (ingress)
      ctx.error(
        'invalid-combination',
        [...path, 'listener'],
        'listener is not allowed on ingress',
        true,
      );
    else if (hasL7)
      ctx.error(
        'invalid-combination',
        [...path, 'listener'],
        'listener is not compatible with L7 rules',
        true,
      );
  }
  if (!hasL7) return;
  if (hasDns && ports.length === 0) {
    ctx.error(
      'invalid-combination',
      [...path, 'rules', 'dns'],
      'DNS rules require an explicit port',
      true,
    );
  }
  ports.forEach((p, i) => {
    const pp = [...path, 'ports', i];
    if (p.port === '0' || p.port === undefined || /^0+$/.test(p.port ?? '')) {
      ctx.error(
        'invalid-combination',
        [...pp, 'port'],
        hasDns
          ? 'DNS rules require an explicit port'
          : 'L7 rules cannot be used on port 0',
      );
    }
    if (hasDns && p.endPort !== undefined && p.endPort > 0) {
      ctx.error(
        'invalid-combination',
        [...pp, 'endPort'],
        'DNS rules do not support port ranges',
        true,
      );
    }
    const proto = p.protocol ?? 'ANY';
    if (hasDns ? proto === 'SCTP' : proto !== 'TCP') {
      ctx.error(
        'invalid-combination',
        has(raw, 'ports') ? [...pp, 'protocol'] : pp,
        `L7 rules can only apply to TCP (not ${proto || 'ANY'})${hasDns ? '' : ' except for DNS rules'}`,
      );
    }
  });
}

/** Deny rules: L4 only (the CRD has no rules/TLS/listener under deny toPorts). */
const denyPortRule = refine(
  typed<CiliumPortRule>(
    group('denyPortRule', { ports: arrayOf(portProtocol) }),
  ),
  (_pr, raw, path, ctx) => {
    if (Array.isArray(raw.ports) && raw.ports.length > CILIUM_MAX_PORTS) {
      ctx.error(
        'invalid-value',
        [...path, 'ports'],
        `too many ports (${raw.ports.length}); the maximum is ${CILIUM_MAX_PORTS}`,
      );
    }
  },
);

const cidrRule = refine(
  typed<CiliumCIDRRule>(
    group('cidrRule', {
      cidr: pattern(cidrSyntax(true)),
      except: arrayOf(pattern(cidrSyntax(true))),
      cidrGroupRef: str,
      cidrGroupSelector: ciliumSelector,
    }),
  ),
  (rule, raw, path, ctx) => {
    const set = (['cidr', 'cidrGroupRef', 'cidrGroupSelector'] as const).filter(
      k => has(raw, k),
    );
    if (set.length !== 1) {
      ctx.error(
        'invalid-combination',
        path,
        `must set exactly one of cidr, cidrGroupRef or cidrGroupSelector (has ${set.join(', ') || 'none'})`,
      );
    }
    const outer = rule.cidr ? parseCidr(rule.cidr, true) : undefined;
    (rule.except ?? []).forEach((e, i) => {
      const inner = parseCidr(e, true);
      if (outer && inner && !cidrContains(outer, inner)) {
        ctx.error(
          'invalid-value',
          [...path, 'except', i],
          `except "${e}" is not contained in cidr "${rule.cidr}"`,
        );
      }
    });
  },
);

const icmpType: Decoder<number | string> = (v, path, ctx) => {
  const t = intOrString(v, path, ctx);
  if (typeof t === 'number' && (t < 0 || t > 255)) {
    ctx.error('invalid-value', path, `ICMP type ${t} must be 0–255`);
    return undefined;
  }
  if (typeof t === 'string' && !/^([0-9]{1,3}|[A-Za-z][A-Za-z ]*)$/.test(t)) {
    ctx.error(
      'invalid-value',
      path,
      `"${t}" is not an ICMP type number or name`,
    );
    return undefined;
  }
  return t;
};

const icmpRule = group('icmpRule', {
  fields: arrayOf(
    group(
      'icmpField',
      { type: icmpType, family: oneOf(['IPv4', 'IPv6'] as const) },
      { required: ['type'] },
    ),
    {
      maxItems: CILIUM_MAX_PORTS,
    },
  ),
});

const authentication = group(
  'authentication',
  { mode: oneOf(['disabled', 'required', 'test-always-fail'] as const) },
  { required: ['mode'] },
);
const selectors = arrayOf(ciliumSelector);
const cidrs = arrayOf(pattern(cidrSyntax(true)));
const entities = arrayOf(oneOf(CILIUM_ENTITIES));
const groups = arrayOf(
  group('groups', {
    aws: group('awsGroup', {
      labels: stringMap(),
      region: str,
      securityGroupsIds: strings,
      securityGroupsNames: strings,
    }),
  }),
);
const services = arrayOf(
  group('service', {
    k8sService: group('k8sService', { serviceName: str, namespace: str }),
    k8sServiceSelector: group(
      'k8sServiceSelector',
      { selector: ciliumSelector, namespace: str },
      { required: ['selector'] },
    ),
  }),
);
const fqdns = arrayOf(oneName('a toFQDNs entry'));

/** Checks shared by the four rule kinds: one L3 kind, no ICMP with toPorts. */
function checkPeerRule(l3: readonly string[]) {
  return (
    _r: unknown,
    raw: Record<string, unknown>,
    path: FieldPath,
    ctx: DecodeContext,
  ) => {
    // Sanitize counts only non-empty lists.
    const used = Object.keys(raw).filter(
      k =>
        l3.includes(k) &&
        nonEmpty(raw, k) &&
        !(Array.isArray(raw[k]) && (raw[k] as unknown[]).length === 0),
    );
    if (used.length > 1) {
      ctx.error(
        'invalid-combination',
        [...path, used[1]],
        `combining ${used[0]} and ${used[1]} in one rule is not supported`,
        true,
      );
    }
    if (
      nonEmpty(raw, 'icmps') &&
      nonEmpty(raw, 'toPorts') &&
      (raw.icmps as unknown[]).length &&
      (raw.toPorts as unknown[]).length
    ) {
      ctx.error(
        'invalid-combination',
        [...path, 'icmps'],
        'icmps and toPorts cannot be used in the same rule',
        true,
      );
    }
  };
}

const ingressCommon = {
  fromEndpoints: selectors,
  fromRequires: selectors,
  fromCIDR: cidrs,
  fromCIDRSet: arrayOf(cidrRule),
  fromEntities: entities,
  fromNodes: selectors,
  fromGroups: groups,
  toPorts: arrayOf(portRule(true)),
  icmps: arrayOf(icmpRule),
};
const egressCommon = {
  toEndpoints: selectors,
  toRequires: selectors,
  toCIDR: cidrs,
  toCIDRSet: arrayOf(cidrRule),
  toEntities: entities,
  toServices: services,
  toNodes: selectors,
  toGroups: groups,
  toPorts: arrayOf(portRule(false)),
  icmps: arrayOf(icmpRule),
};

const ingressRule = refine(
  typed<CiliumIngressRule>(
    group('ingress', { ...ingressCommon, authentication }),
  ),
  checkPeerRule(CILIUM_INGRESS_L3),
);
const ingressDenyRule = refine(
  typed<CiliumIngressRule>(
    group('ingressDeny', { ...ingressCommon, toPorts: arrayOf(denyPortRule) }),
  ),
  checkPeerRule(CILIUM_INGRESS_L3),
);
const egressRule = refine(
  typed<CiliumEgressRule>(
    group('egress', { ...egressCommon, toFQDNs: fqdns, authentication }),
  ),
  checkPeerRule(CILIUM_EGRESS_L3),
);
const egressDenyRule = refine(
  typed<CiliumEgressRule>(
    group('egressDeny', { ...egressCommon, toPorts: arrayOf(denyPortRule) }),
  ),
  checkPeerRule(CILIUM_EGRESS_L3),
);

export const ciliumRule = refine(
  typed<CiliumRule>(
    group('rule', {
      endpointSelector: ciliumSelector,
      nodeSelector: ciliumSelector,
      ingress: arrayOf(ingressRule),
      ingressDeny: arrayOf(ingressDenyRule),
      egress: arrayOf(egressRule),
      egressDeny: arrayOf(egressDenyRule),
      enableDefaultDeny: group('enableDefaultDeny', {
        ingress: bool,
        egress: bool,
      }),
      labels: arrayOf(
        group(
          'label',
          { key: str, value: str, source: str },
          { required: ['key'] },
        ),
      ),
      description: str,
      log: group('log', {
        value: pattern(s =>
          s.length <= 32 ? undefined : 'must be at most 32 characters',
        ),
      }),
    }),
  ),
  (_rule, raw, path, ctx) => {
    if (
      !['ingress', 'ingressDeny', 'egress', 'egressDeny'].some(k => has(raw, k))
    ) {
      ctx.error(
        'invalid-combination',
        path,
        'rule must have at least one of ingress, ingressDeny, egress or egressDeny',
      );
    }
    const ep = has(raw, 'endpointSelector');
    const node = has(raw, 'nodeSelector');
    if (ep && node) {
      ctx.error(
        'invalid-combination',
        [...path, 'nodeSelector'],
        'endpointSelector and nodeSelector are mutually exclusive',
        true,
      );
    } else if (!ep && !node) {
      ctx.error(
        'missing-field',
        path,
        'rule must have one of endpointSelector or nodeSelector',
      );
    }
    if (node && ctx.kind === 'CiliumNetworkPolicy') {
      ctx.error(
        'invalid-combination',
        [...path, 'nodeSelector'],
        'nodeSelector is only allowed in CiliumClusterwideNetworkPolicy',
        true,
      );
    }
  },
);
