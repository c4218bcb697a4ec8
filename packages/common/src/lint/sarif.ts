import type { Finding, Range, Severity } from '../model';
import { RULE_CATALOGUE } from './catalogue';

export interface SarifOptions {
  toolVersion?: string;
  /** Root the finding URIs are relative to; results then carry `uriBaseId: SRCROOT`. */
  baseUri?: string;
  /** Where docs/rules/<id>.md is published (absolute URI). */
  helpBaseUri?: string;
}

const DEFAULT_HELP = 'https://github.com/ytknetwork/ytk/blob/main/docs/rules/';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

/** SARIF regions are 1-based (lines and columns); ours are 0-based LSP positions. */
function region(r: Range) {
  return {
    startLine: r.start.line + 1,
    startColumn: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  };
}

function artifact(uri: string, baseUri?: string) {
  if (baseUri && uri.startsWith(baseUri)) {
    return {
      uri: uri.slice(baseUri.length).replace(/^\/+/, ''),
      uriBaseId: 'SRCROOT',
    };
  }
  return { uri };
}

function pascal(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map(p => p[0].toUpperCase() + p.slice(1))
    .join('');
}

/**
 * Findings as a SARIF 2.1.0 log: one run, `tool.driver.rules` from the catalogue (plus the
 * schema/* and internal ids that occur), results with 1-based regions, related locations and fixes.
 */
export function toSarif(
  findings: Finding[],
  options: SarifOptions = {},
): object {
  const help = options.helpBaseUri ?? DEFAULT_HELP;
  const rules: object[] = RULE_CATALOGUE.map(m => ({
    id: m.id,
    name: pascal(m.id),
    shortDescription: { text: m.title },
    fullDescription: { text: m.rationale },
    helpUri: `${help}${m.id}.md`,
    help: {
      text: m.rationale,
      markdown: `${m.rationale}\n\n[Rule documentation](${help}${m.id}.md)`,
    },
    defaultConfiguration: { level: LEVEL[m.severity] },
    properties: {
      category: m.category,
      threat: m.threat,
      semanticsId: m.semanticsId,
      needsContext: m.needsContext,
      tags: [m.category, m.threat],
    },
  }));
  const index = new Map(RULE_CATALOGUE.map((m, i) => [m.id, i]));
  for (const f of findings) {
    if (index.has(f.ruleId)) continue;
    index.set(f.ruleId, rules.length);
    rules.push({
      id: f.ruleId,
      name: pascal(f.ruleId),
      shortDescription: {
        text:
          f.category === 'schema'
            ? `Schema problem: ${f.ruleId.slice(7)}`
            : f.ruleId,
      },
      properties: { category: f.category },
    });
  }
  const results = findings.map(f => {
    const location = {
      physicalLocation: {
        artifactLocation: artifact(f.uri, options.baseUri),
        region: region(f.range),
      },
    };
    const result: Record<string, unknown> = {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId),
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [location],
      properties: { category: f.category },
    };
    if (f.related?.length) {
      result.relatedLocations = f.related.map((r, i) => ({
        id: i,
        message: { text: r.message },
        physicalLocation: {
          artifactLocation: artifact(r.uri, options.baseUri),
          region: region(r.range),
        },
      }));
    }
    if (f.fix) {
      result.fixes = [
        {
          description: { text: f.fix.title },
          artifactChanges: [
            {
              artifactLocation: artifact(f.fix.uri, options.baseUri),
              replacements: f.fix.edits.map(e => ({
                deletedRegion: region(e.range),
                insertedContent: { text: e.newText },
              })),
            },
          ],
        },
      ];
    }
    return result;
  });
  const run: Record<string, unknown> = {
    tool: {
      driver: {
        name: 'ytk',
        informationUri: help.replace(/docs\/rules\/?$/, ''),
        ...(options.toolVersion ? { version: options.toolVersion } : {}),
        rules,
      },
    },
    columnKind: 'utf16CodeUnits',
    results,
  };
  if (options.baseUri)
    run.originalUriBaseIds = {
      SRCROOT: {
        uri: options.baseUri.endsWith('/')
          ? options.baseUri
          : `${options.baseUri}/`,
      },
    };
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [run],
  };
}
