/*
 * Observed flows as Hubble reports them: the JSON that `hubble observe -o jsonpb` (and the
 * deprecated `-o json`) prints, one GetFlowsResponse per line (`{"flow": {...}, "node_name": ...,
 * "time": ...}`), i.e. the protojson rendering of Cilium's api/v1/flow/flow.proto `Flow` message
 * (Apache-2.0, cilium/cilium) with proto field names (`destination_port`, `pod_name`); the types
 * below use the JSON (lowerCamelCase) names, which the decoder maps both spellings to. Enums are
 * printed by name, google.protobuf.Timestamp as an RFC 3339 string, BoolValue (`is_reply`) as a
 * bare boolean. Browser-safe.
 */

/** flow.proto `Endpoint` (JSON names). */
export interface HubbleEndpoint {
  ID?: number;
  identity?: number;
  /** `cluster_name` (newer Cilium; absent on older agents). */
  clusterName?: string;
  namespace?: string;
  /** `labels` in `source:key=value` form, e.g. `k8s:app=web`, `reserved:world`. */
  labels?: string[];
  podName?: string;
  workloads?: Array<{ name?: string; kind?: string }>;
}

/** flow.proto `Policy` (egress_allowed_by and friends, cilium/cilium#27854). */
export interface HubblePolicy {
  name?: string;
  namespace?: string;
  labels?: string[];
  revision?: number | string;
  kind?: string;
}

interface Ports {
  sourcePort?: number;
  destinationPort?: number;
}

/** flow.proto `Flow`, the fields ytk reads (JSON names). */
export interface ObservedFlow {
  /** RFC 3339. */
  time?: string;
  uuid?: string;
  /** FORWARDED, DROPPED, AUDIT, ERROR, REDIRECTED, TRACED, TRANSLATED, VERDICT_UNKNOWN. */
  verdict?: string;
  /** DropReason enum name, e.g. POLICY_DENIED, POLICY_DENY, AUTH_REQUIRED. */
  dropReasonDesc?: string;
  IP?: { source?: string; destination?: string; ipVersion?: string };
  l4?: {
    TCP?: Ports & { flags?: Record<string, boolean> };
    UDP?: Ports;
    SCTP?: Ports;
    ICMPv4?: { type?: number; code?: number };
    ICMPv6?: { type?: number; code?: number };
  };
  source?: HubbleEndpoint;
  destination?: HubbleEndpoint;
  /** FlowType: L3_L4, L7, SOCK, UNKNOWN_TYPE. */
  Type?: string;
  nodeName?: string;
  /** INGRESS, EGRESS, TRAFFIC_DIRECTION_UNKNOWN. */
  trafficDirection?: string;
  isReply?: boolean;
  policyMatchType?: number;
  /** DISABLED, SPIRE, TEST_ALWAYS_FAIL. */
  authType?: string;
  egressAllowedBy?: HubblePolicy[];
  ingressAllowedBy?: HubblePolicy[];
  egressDeniedBy?: HubblePolicy[];
  ingressDeniedBy?: HubblePolicy[];
}

export interface FlowDecodeError {
  /** 1-based line of the input. */
  line: number;
  /** JSON path of the offending field (`flow.l4.TCP.destinationPort`), empty for the line. */
  field: string;
  message: string;
}

export interface DecodedFlows {
  flows: Array<{ line: number; flow: ObservedFlow }>;
  errors: FlowDecodeError[];
  /** Lines that are other events (node_status, lost_events, agent_event…). */
  skipped: number;
}

export const flowDecodeLimits = {
  /** Characters of input read at most; the rest is reported as one error. */
  maxChars: 64 * 1024 * 1024,
  maxLineChars: 64 * 1024,
  maxFlows: 1_000_000,
};

type Check = (v: unknown) => string | undefined;
const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str: Check = v => (typeof v === 'string' ? undefined : 'a string');
const num: Check = v =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0
    ? undefined
    : 'a non-negative integer';
const bool: Check = v => (typeof v === 'boolean' ? undefined : 'a boolean');
const strList: Check = v =>
  Array.isArray(v) && v.every(x => typeof x === 'string')
    ? undefined
    : 'a list of strings';
const obj: Check = v => (isObj(v) ? undefined : 'an object');
const list: Check = v => (Array.isArray(v) ? undefined : 'a list');
const port: Check = v =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 65535
    ? undefined
    : 'a port number (0–65535)';

const ENDPOINT: Record<string, Check> = {
  ID: num,
  identity: num,
  clusterName: str,
  namespace: str,
  labels: strList,
  podName: str,
  workloads: list,
};
const PORTS: Record<string, Check> = {
  sourcePort: port,
  destinationPort: port,
};
const FLOW: Record<string, Check> = {
  time: str,
  uuid: str,
  verdict: str,
  dropReasonDesc: str,
  Type: str,
  nodeName: str,
  trafficDirection: str,
  isReply: bool,
  policyMatchType: num,
  authType: str,
  IP: obj,
  l4: obj,
  source: obj,
  destination: obj,
  egressAllowedBy: list,
  ingressAllowedBy: list,
  egressDeniedBy: list,
  ingressDeniedBy: list,
};

function checkFields(
  o: Record<string, unknown>,
  shape: Record<string, Check>,
  at: string,
): { field: string; message: string } | undefined {
  for (const [k, check] of Object.entries(shape)) {
    if (o[k] === undefined || o[k] === null) continue;
    const want = check(o[k]);
    if (want)
      return {
        field: `${at}.${k}`,
        message: `${at}.${k} must be ${want}, got ${JSON.stringify(o[k])?.slice(0, 40)}`,
      };
  }
  return undefined;
}

function checkFlow(
  f: Record<string, unknown>,
  at: string,
): { field: string; message: string } | undefined {
  const top = checkFields(f, FLOW, at);
  if (top) return top;
  for (const side of ['source', 'destination']) {
    const e = f[side];
    if (isObj(e)) {
      const bad = checkFields(e, ENDPOINT, `${at}.${side}`);
      if (bad) return bad;
    }
  }
  if (isObj(f.IP)) {
    const bad = checkFields(
      f.IP,
      { source: str, destination: str, ipVersion: str },
      `${at}.IP`,
    );
    if (bad) return bad;
  }
  if (isObj(f.l4)) {
    for (const p of ['TCP', 'UDP', 'SCTP']) {
      const v = f.l4[p];
      if (v === undefined) continue;
      if (!isObj(v))
        return {
          field: `${at}.l4.${p}`,
          message: `${at}.l4.${p} must be an object`,
        };
      const bad = checkFields(v, PORTS, `${at}.l4.${p}`);
      if (bad) return bad;
    }
  }
  return undefined;
}

/** A JSON object key with an underscore (`"destination_port":`); only keys can be followed by `:`. */
const SNAKE_KEY = /"([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+)":/g;

/**
 * Hubble prints proto field names (`destination_port`, `pod_name`, `is_reply`: cilium's
 * flow.pb.json.go marshals with protojson `UseProtoNames`); protojson parsers accept both
 * spellings, and so does ytk: keys are brought to their JSON (lowerCamelCase) names before
 * parsing. A string value cannot be followed by `:` in valid JSON, so only keys are rewritten.
 */
function jsonNames(raw: string): string {
  if (!raw.includes('_')) return raw;
  return raw.replace(
    SNAKE_KEY,
    (_m, k: string) =>
      `"${k.replace(/_([A-Za-z0-9])/g, (_x, c: string) => c.toUpperCase())}":`,
  );
}

/** A field path as the input spelled it (proto names when the line used them). */
function asWritten(field: string, raw: string): string {
  return field
    .split('.')
    .map(seg => {
      const snake = seg.replace(/[A-Z]/g, c => `_${c.toLowerCase()}`);
      return snake !== seg && /^[a-z]/.test(seg) && raw.includes(`"${snake}"`)
        ? snake
        : seg;
    })
    .join('.');
}

/**
 * Decodes `hubble observe -o jsonpb` output: one JSON object per line, either a GetFlowsResponse
 * (`{"flow": {...}}`) or a bare Flow. Blank lines are ignored, other events are counted as
 * skipped; a malformed line is an error with its line and field, and decoding goes on.
 */
export function decodeHubbleFlows(text: string): DecodedFlows {
  const out: DecodedFlows = { flows: [], errors: [], skipped: 0 };
  const limits = flowDecodeLimits;
  let input = text;
  if (input.length > limits.maxChars) {
    input = input.slice(0, limits.maxChars);
    const line = input.split('\n').length;
    out.errors.push({
      line,
      field: '',
      message: `input longer than ${limits.maxChars} characters: the rest is not read`,
    });
    input = input.slice(0, input.lastIndexOf('\n') + 1);
  }
  const lines = input.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (!raw) continue;
    const line = i + 1;
    if (out.flows.length >= limits.maxFlows) {
      out.errors.push({
        line,
        field: '',
        message: `more than ${limits.maxFlows} flows: the rest is not read`,
      });
      break;
    }
    if (raw.length > limits.maxLineChars) {
      out.errors.push({
        line,
        field: '',
        message: `line longer than ${limits.maxLineChars} characters`,
      });
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(jsonNames(raw));
    } catch (e) {
      out.errors.push({
        line,
        field: '',
        message: `not JSON: ${(e as Error).message}`,
      });
      continue;
    }
    if (!isObj(parsed)) {
      out.errors.push({ line, field: '', message: 'not a JSON object' });
      continue;
    }
    const v = parsed;
    let flow: unknown;
    let at = 'flow';
    if ('flow' in v) flow = v.flow;
    else if (
      ['nodeStatus', 'lostEvents', 'agentEvent', 'debugEvent'].some(k => k in v)
    ) {
      out.skipped++;
      continue;
    } else {
      flow = v;
      at = '';
    }
    if (!isObj(flow)) {
      out.errors.push({
        line,
        field: 'flow',
        message: 'flow must be an object',
      });
      continue;
    }
    const bad = checkFlow(flow, at);
    if (bad) {
      const field = bad.field.replace(/^\./, '');
      const written = asWritten(field, raw);
      out.errors.push({
        line,
        field: written,
        message: bad.message.replace(/^\./, '').replace(field, written),
      });
      continue;
    }
    if (flow.time === undefined && typeof v.time === 'string')
      flow = { ...flow, time: v.time };
    out.flows.push({ line, flow: flow as ObservedFlow });
  }
  return out;
}
