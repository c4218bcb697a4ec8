import type {
  DecodeResult,
  DecodedResource,
  SourceDocument,
} from '../model/document';
import type { KubeObject, UnknownObject } from '../model/kube';
import type { SourceLocation } from '../model/source';
import { ZERO_RANGE } from '../model/source';
import type { YamlLimits } from '../yaml/limits';
import { parseYamlDocuments } from '../yaml/parse';
import { DecodeContext } from './context';
import { isPlainObject, objectOf, str } from './fields';
import { isCalicoApiVersion } from './calicoPolicy';
import { applyIngestionPolicy } from './ingestion';
import { KINDS } from './kinds';
import { objectMeta } from './meta';
import { dns1123Label, dns1123Subdomain } from './validation';

/** The field when it is a string; the fallback when it is absent; else undefined. */
function stringOr(v: unknown, fallback: string | undefined) {
  if (typeof v === 'string') return v;
  return v === undefined ? fallback : undefined;
}

/** Decodes one plain value; `doc` (when known) supplies ranges. */
function decodeValue(
  value: unknown,
  uri: string,
  doc?: SourceDocument,
): DecodeResult {
  const ctx = new DecodeContext(uri, doc);
  const source: SourceLocation | undefined = doc
    ? { uri, range: doc.range }
    : undefined;
  if (!isPlainObject(value)) {
    // A JSON report, a list of values, a scalar: not ours to judge, and no reason to stop.
    skip(ctx, 'it is not a mapping with apiVersion, kind and metadata');
    return { resources: [], problems: ctx.problems };
  }
  // Items of API list responses omit kind/apiVersion: take them from the list.
  const listKind =
    doc?.listKind && doc.listKind !== 'List'
      ? doc.listKind.replace(/List$/, '')
      : undefined;
  let kind = stringOr(value.kind, listKind);
  const apiVersion = stringOr(
    value.apiVersion,
    listKind ? doc?.listApiVersion : undefined,
  );

  // Helm values, CI configs, compose files…: no apiVersion or kind means not a Kubernetes object.
  if (kind === undefined || apiVersion === undefined) {
    const missing = [
      ...(kind === undefined ? ['kind'] : []),
      ...(apiVersion === undefined ? ['apiVersion'] : []),
    ];
    skip(ctx, `it has no ${missing.join(' or ')} string`);
    return { resources: [], problems: ctx.problems };
  }

  // projectcalico.org/v3 NetworkPolicy is modelled as its own kind (resources/calicoPolicy.ts).
  const sourceKind = kind;
  if (sourceKind === 'NetworkPolicy' && isCalicoApiVersion(apiVersion))
    kind = 'CalicoNetworkPolicy';
  const spec =
    Object.prototype.hasOwnProperty.call(KINDS, kind) &&
    sourceKind !== 'CalicoNetworkPolicy'
      ? KINDS[kind]
      : undefined;
  if (!spec) {
    // Kustomization, ServiceAccount, CRDs…: kept for the reports that list them, never
    // validated (their schema is not ours) and never read by the engine.
    ctx.report(
      'unknown-kind',
      'info',
      ['kind'],
      `kind "${kind}" is not modelled by ytk; skipped for network evaluation`,
    );
    const object = { ...value, apiVersion, kind } as UnknownObject;
    return {
      resources: [{ object, unknownKind: true, source, document: doc }],
      problems: ctx.problems,
    };
  }

  ctx.kind = kind!;
  if (apiVersion !== undefined && !spec.apiVersions.includes(apiVersion)) {
    ctx.error(
      'invalid-value',
      ['apiVersion'],
      `${kind} is served as ${spec.apiVersions.join(' or ')}, not "${apiVersion}"`,
    );
  }
  const decoded =
    objectOf<Record<string, unknown>>(
      { apiVersion: str, kind: str, metadata: objectMeta, ...spec.fields },
      { open: spec.open, required: spec.required },
    )(value, [], ctx) ?? {};
  spec.check?.(value, [], ctx);
  checkName(value, ctx, spec.namespaced || kind !== 'Namespace');
  const metadata = (
    isPlainObject(decoded.metadata) ? decoded.metadata : {}
  ) as Record<string, unknown>;
  if (typeof metadata.name !== 'string') metadata.name = '';
  const object = {
    ...decoded,
    apiVersion,
    kind,
    metadata,
  } as unknown as KubeObject;
  const verdict = applyIngestionPolicy(kind, ctx.problems);
  const resource: DecodedResource<KubeObject> = {
    object,
    source,
    document: doc,
    ...(verdict.ignoredReason !== undefined
      ? { ignored: verdict.ignoredReason }
      : {}),
  };
  return { resources: [resource], problems: verdict.problems };
}

/** The located note for a document that is not a Kubernetes object. */
function skip(ctx: DecodeContext, why: string) {
  ctx.report(
    'not-kubernetes',
    'info',
    [],
    `document skipped: not a Kubernetes object (${why})`,
  );
}

function checkName(
  value: Record<string, unknown>,
  ctx: DecodeContext,
  subdomain: boolean,
) {
  const meta = value.metadata;
  if (meta === undefined || meta === null) {
    ctx.error(
      'missing-field',
      ['metadata'],
      'required field "metadata" is missing',
    );
    return;
  }
  if (!isPlainObject(meta)) return; // reported by the metadata decoder
  if (meta.name === undefined || meta.name === null) {
    if (typeof meta.generateName !== 'string')
      ctx.error(
        'missing-field',
        ['metadata', 'name'],
        'required field "name" is missing',
      );
    return;
  }
  if (typeof meta.name === 'string') {
    const bad = subdomain
      ? dns1123Subdomain(meta.name)
      : dns1123Label(meta.name);
    if (bad)
      ctx.error(
        'invalid-value',
        ['metadata', 'name'],
        `invalid name "${meta.name}": ${bad}`,
      );
  }
}

export function decodeDocument(doc: SourceDocument): DecodeResult {
  return decodeValue(doc.value, doc.uri, doc);
}

/** Parses and decodes a file; List kinds are unwrapped by the parser. */
export function decodeText(
  text: string,
  uri: string,
  options: { limits?: Partial<YamlLimits> } = {},
): DecodeResult {
  const parsed = parseYamlDocuments(text, { uri, limits: options.limits });
  const out: DecodeResult = { resources: [], problems: [...parsed.problems] };
  for (const doc of parsed.documents) {
    const r = decodeDocument(doc);
    out.resources.push(...r.resources);
    out.problems.push(...r.problems);
  }
  return out;
}

/** Decodes an already-parsed object (e.g. from the Kubernetes API); problems carry no range. */
export function decodeObject(value: unknown, uri = 'object:'): DecodeResult {
  const result = decodeValue(value, uri);
  for (const p of result.problems) p.range = ZERO_RANGE;
  return result;
}

/**
 * `decodeText` under the ingestion policy for whole files: a file with a YAML syntax error
 * (or over the parse limits) contributes nothing — its other documents may be cut or shifted
 * by the error — and is reported; the caller evaluates every other file. Used by every face
 * that reads files it did not write itself (CLI, manifests source, editor workspace).
 */
export function ingestText(
  text: string,
  uri: string,
  options: { limits?: Partial<YamlLimits> } = {},
): DecodeResult {
  const result = decodeText(text, uri, options);
  const broken = result.problems.find(
    p =>
      p.severity === 'error' &&
      (p.code === 'yaml-syntax' || p.code === 'yaml-limit'),
  );
  if (!broken) return result;
  return {
    resources: [],
    problems: [
      ...result.problems,
      {
        code: 'file-skipped',
        severity: 'warning',
        message: `file skipped: it is not valid YAML (first error at line ${broken.range.start.line + 1}); other files are evaluated`,
        uri,
        range: broken.range,
        path: [],
      },
    ],
  };
}
