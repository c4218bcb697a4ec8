/*
 * Seeded, deterministic lint-bench inputs: a multi-document file of mixed CNP / CCNP / NP
 * policies, and one long CNP with many rules. Same seed, same text, so runs compare.
 */

/** mulberry32: a tiny seeded PRNG (deterministic across Node versions). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMESPACES = ['storefront', 'payments', 'platform', 'search', 'identity'];
const APPS = [
  'catalog-api',
  'recommendations',
  'web-frontend',
  'checkout-api',
  'payment-gateway',
  'fraud-scoring',
  'ledger',
  'otel-collector',
  'search-indexer',
  'session-store',
  'auth-api',
  'feature-flags',
];
const FQDNS = [
  'matchName: api.stripe.com',
  'matchPattern: "*.googleapis.com"',
  'matchName: login.example.org',
];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T =>
  xs[Math.floor(r() * xs.length)];
const port = (r: Rand) =>
  String(pick(r, [80, 443, 8080, 8443, 9090, 5432, 6379]));

/** One Cilium ingress/egress rule at `indent` (the "- " column), as YAML lines. */
function ciliumRule(
  r: Rand,
  dir: 'ingress' | 'egress',
  i: number,
  pad: string,
): string {
  const peer = dir === 'ingress' ? 'fromEndpoints' : 'toEndpoints';
  const app = pick(r, APPS);
  const ns = pick(r, NAMESPACES);
  const roll = r();
  if (dir === 'egress' && roll < 0.15) {
    return `${pad}- toEndpoints:
${pad}    - matchLabels:
${pad}        k8s:io.kubernetes.pod.namespace: kube-system
${pad}        k8s:k8s-app: kube-dns
${pad}  toPorts:
${pad}    - ports:
${pad}        - port: "53"
${pad}          protocol: ANY
${pad}      rules:
${pad}        dns:
${pad}          - matchPattern: "*"
`;
  }
  if (dir === 'egress' && roll < 0.25) {
    return `${pad}- toFQDNs:
${pad}    - ${pick(r, FQDNS)}
${pad}  toPorts:
${pad}    - ports:
${pad}        - port: "443"
${pad}          protocol: TCP
`;
  }
  if (dir === 'egress' && roll < 0.32) {
    return `${pad}- toCIDRSet:
${pad}    - cidr: 10.${i % 250}.0.0/16
${pad}      except:
${pad}        - 10.${i % 250}.1.0/24
`;
  }
  if (roll < 0.4) {
    return `${pad}- ${dir === 'ingress' ? 'fromEntities' : 'toEntities'}:
${pad}    - ${pick(r, ['cluster', 'host', 'remote-node', 'kube-apiserver'])}
`;
  }
  const l7 =
    r() < 0.5
      ? `${pad}      rules:
${pad}        http:
${pad}          - method: ${pick(r, METHODS)}
${pad}            path: "/api/v${i % 3}/${app}(/.*)?"
`
      : '';
  return `${pad}- ${peer}:
${pad}    - matchLabels:
${pad}        app.kubernetes.io/name: ${app}
${pad}        k8s:io.kubernetes.pod.namespace: ${ns}
${pad}  toPorts:
${pad}    - ports:
${pad}        - port: "${port(r)}"
${pad}          protocol: TCP
${l7}`;
}

function cnp(r: Rand, i: number, clusterwide: boolean): string {
  const ns = pick(r, NAMESPACES);
  const app = pick(r, APPS);
  const meta = clusterwide
    ? `  name: ccnp-${i}-${app}\n`
    : `  name: cnp-${i}-${app}\n  namespace: ${ns}\n`;
  const sel = clusterwide
    ? `    matchLabels:\n      k8s:io.kubernetes.pod.namespace: ${ns}\n      app.kubernetes.io/name: ${app}\n`
    : `    matchLabels:\n      app.kubernetes.io/name: ${app}\n`;
  let body = '';
  for (const dir of ['ingress', 'egress'] as const) {
    // Every document has at least one ingress rule: an empty spec is a decode error.
    const n = Math.floor(r() * 3) + (dir === 'ingress' ? 1 : 0);
    if (n === 0) continue;
    body += `  ${dir}:\n`;
    for (let k = 0; k < n; k++) body += ciliumRule(r, dir, i + k, '    ');
  }
  return `apiVersion: cilium.io/v2
kind: ${clusterwide ? 'CiliumClusterwideNetworkPolicy' : 'CiliumNetworkPolicy'}
metadata:
${meta}spec:
  endpointSelector:
${sel}${body}`;
}

function np(r: Rand, i: number): string {
  const ns = pick(r, NAMESPACES);
  const app = pick(r, APPS);
  if (r() < 0.2) {
    return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny-${i}
  namespace: ${ns}
spec:
  podSelector: {}
  policyTypes:
    - Ingress
    - Egress
`;
  }
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: np-${i}-${app}
  namespace: ${ns}
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: ${app}
  policyTypes:
    - Ingress
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: ${pick(r, NAMESPACES)}
          podSelector:
            matchLabels:
              app.kubernetes.io/name: ${pick(r, APPS)}
        - ipBlock:
            cidr: 192.168.${i % 250}.0/24
      ports:
        - port: ${port(r)}
          protocol: TCP
`;
}

/** `count` documents: 60% CNP, 10% CCNP, 30% NetworkPolicy. */
export function multiDocumentPolicies(count: number, seed = 1): string {
  const r = rng(seed);
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    const roll = r();
    if (roll < 0.6) docs.push(cnp(r, i, false));
    else if (roll < 0.7) docs.push(cnp(r, i, true));
    else docs.push(np(r, i));
  }
  return docs.map(d => `---\n${d}`).join('');
}

/** One CiliumNetworkPolicy of at least `lines` lines: many ingress and egress rules. */
export function longPolicy(lines: number, seed = 2): string {
  const r = rng(seed);
  const head = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: long-policy
  namespace: storefront
spec:
  endpointSelector:
    matchLabels:
      app.kubernetes.io/name: catalog-api
`;
  const ingress: string[] = [];
  const egress: string[] = [];
  let n = head.split('\n').length + 2;
  for (let i = 0; n < lines; i++) {
    const dir = i % 3 === 2 ? 'egress' : 'ingress';
    const rule = ciliumRule(r, dir, i, '    ');
    (dir === 'ingress' ? ingress : egress).push(rule);
    n += rule.split('\n').length - 1;
  }
  return `${head}  ingress:\n${ingress.join('')}  egress:\n${egress.join('')}`;
}

export function lineCount(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n - 1 : n;
}
