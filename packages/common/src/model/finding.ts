import type { Range, SourceLocation } from './source';

export type Severity = 'error' | 'warning' | 'info';

/** The threat a rule addresses, from the overlay's threat model. */
export type Threat =
  | 'unauthorized-access'
  | 'interception'
  | 'denial-of-service'
  | 'misconfiguration'
  | 'lack-of-visibility';

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  title: string;
  uri: string;
  edits: TextEdit[];
}

/** A suggested change that is not an edit of the finding's document (e.g. narrower policies). */
export interface Suggestion {
  title: string;
  /** YAML to apply instead (absent when the suggestion is the title alone, e.g. remove the rule). */
  yaml?: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** `schema` for shape problems; otherwise the rule's category from the catalogue. */
  category: string;
  message: string;
  uri: string;
  range: Range;
  fix?: Fix;
  related?: Array<SourceLocation & { message: string }>;
  suggestion?: Suggestion;
}
