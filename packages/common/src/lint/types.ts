import type {
  DecodedResource,
  DecodeProblem,
  EnforcerKind,
  FieldPath,
  Fix,
  KubeObject,
  Overlay,
  Severity,
  SourceLocation,
  TextEdit,
  Threat,
  UnknownObject,
} from '../model';
import type { LintSettings } from './util/settings';

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
  /** Lint options the examples are meant for (e.g. a Cilium version or the local cluster). */
  exampleOptions?: { ciliumVersion?: string; cluster?: string };
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
