import type {
  DecodedResource,
  DecodeProblem,
  EnforcerKind,
  FieldPath,
  Fix,
  KubeObject,
  Suggestion,
  Overlay,
  Severity,
  SourceLocation,
  TextEdit,
  Threat,
  UnknownObject,
} from '../model';
import type { LintSettings } from './util/settings';
import type {
  AttributeOptions,
  FlowAggregate,
  FlowWindow,
  ObservedFlow,
} from '../observed';

/** Catalogue entry for one rule: the public contract the docs, portal and editor render. */
export interface RuleMeta {
  /** Stable kebab-case id, e.g. `cilium-auth-cross-cluster`. */
  id: string;
  /** The SEMANTICS.md §7 id it implements, e.g. `A01`. */
  semanticsId: string;
  title: string;
  severity: Severity;
  /** identity, mesh, exposure, dns, selection, l7, enforcement, validity, spiffe… */
  category: string;
  threat: Threat;
  rationale: string;
  /** YAML that triggers the rule (with `needsContext` rules: given the documented context). */
  badExample: string;
  /** A near miss that does not trigger it. */
  goodExample: string;
  /** Kinds the rule looks at. */
  appliesTo: string[];
  /** True when the rule only runs with `options.overlay`. */
  needsContext: boolean;
  /**
   * True when the rule only runs with `options.observed` (Hubble flows or their aggregates):
   * ordinary lint neither runs nor reports it.
   */
  needsFlows?: boolean;
  /** Lint options the examples are meant for (e.g. a Cilium version or the local cluster). */
  exampleOptions?: { ciliumVersion?: string; cluster?: string };
  /** `needsFlows` rules: the observed flows (`hubble observe -o jsonpb` lines) both examples are linted with. */
  exampleFlows?: string[];
}

/** Observed traffic for the rules that need it (`needsFlows`). */
export interface ObservedInput {
  /** Decoded Hubble flows (decodeHubbleFlows), or */
  flows?: ObservedFlow[];
  /** their aggregates (FlowAggregator); attributed again against the linted overlay. */
  aggregates?: FlowAggregate[];
  /** The time window the traffic is judged over (ISO times; absent = all of it). */
  window?: FlowWindow;
  /** How messages name the window, e.g. `the last 7 days`. */
  windowText?: string;
  /** How Hubble endpoints are mapped (single-cluster Hubble without cluster names). */
  attribute?: AttributeOptions;
}

export type AnyResource = DecodedResource<KubeObject | UnknownObject>;

export interface LintOptions {
  overlay?: Overlay;
  enforcer?: EnforcerKind;
  ciliumVersion?: string;
  /** The cluster the linted documents are meant for (local cluster of ClusterMesh scoping). */
  cluster?: string;
  /** Rule ids not to run (e.g. an editor skips the engine-heavy `rule-redundant` while typing). */
  skipRules?: readonly string[];
  /** Observed flows: `needsFlows` rules (`allow-rule-unused`) run only when given. */
  observed?: ObservedInput;
}

export interface LintInput {
  resources: AnyResource[];
  problems?: DecodeProblem[];
}

/** What a rule reports; `lint` turns it into a located Finding. */
export interface Hit {
  resource: AnyResource;
  path: FieldPath;
  message: string;
  /** Point at the key instead of the value (unknown or misplaced fields). */
  atKey?: boolean;
  /** Edits against `resource.document.text`. */
  fix?: { title: string; edits: TextEdit[] };
  related?: Array<SourceLocation & { message: string }>;
  /** Overrides the catalogue severity (e.g. C03 is a warning on 1.19, an error on 1.20). */
  severity?: Severity;
  /** A suggested replacement that is not a text edit of this document (e.g. narrower policies). */
  suggestion?: Suggestion;
}

export interface LintContext {
  resources: AnyResource[];
  options: LintOptions;
  overlay?: Overlay;
  settings: LintSettings;
}

export interface LintRule {
  meta: RuleMeta;
  check(ctx: LintContext): Hit[];
}

export type { Fix };
