import fs from 'node:fs';
import {
  ALLOW_RULE_UNUSED,
  FlowAggregator,
  RULE_CATALOGUE,
  buildOverlay,
  decodeHubbleFlows,
  lint,
  type Finding,
  type FlowWindow,
  type ObservedFlow,
} from '@ytknetwork/common';
import { parseCommandArgs } from '../args';
import { CliInputError, EXIT_FOUND, EXIT_OK } from '../errors';
import { displayUri, loadSnapshots } from '../load';
import { renderFlowsMarkdown, renderFlowsText } from '../flows/render';
import {
  UNEXPECTED,
  flowsToJson,
  type FlowFileReport,
  type FlowLineError,
  type FlowsReport,
} from '../flows/report';
import {
  INPUT_OPTIONS,
  loadOptionsFrom,
  reportProblems,
  type Io,
} from './shared';

export const FLOWS_FORMATS = ['text', 'json', 'md'] as const;

export const FLOWS_HELP = `Usage: ytk flows <path>... --flows <file> [options]

Attributes observed flows — the output of \`hubble observe -o jsonpb\` (one flow per line) —
to the policy rules that decided them: per source, destination, port, verdict and drop reason,
the classification (allowed-as-expected, dropped-as-expected, unexpected-allowed,
unexpected-dropped, …), the deciding policy rule with file:line, counts and first/last seen;
then the allow rules with paths that carried no traffic (tightening candidates, lint rule
allow-rule-unused, with a narrower policy). See docs/observed-flows.md.
Exit 1 when an unexpected flow is in the window.

Options:
  --flows <file>            hubble observe -o jsonpb output; "-" reads stdin (repeatable)
  --window <duration>       only the last <duration> before the newest flow: 30m, 24h, 7d, 2w
                            (default: every flow)
  --overlay-time <time>     when the manifests were taken (RFC 3339): a flow after it may have
                            met policies these manifests do not show (cause overlay-older-than-flow)
  --clusters-from-dirs      each subdirectory of the given directory is one cluster
  --cluster <name>          cluster name for all input otherwise (default "default"); Hubble
                            endpoints without a cluster name are taken to be in it
  --enforcer <kind>         kubernetes | cilium | calico
  --host-network <mode>     pod | node (as for ytk connectivity)
  --strict                  any input error, or a bad flow line, fails (exit 2)
  --format <fmt>            text | json | md (default text)
`;

const UNITS: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** `30m`, `24h`, `7d`, `2w` in milliseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+)(s|m|h|d|w)$/.exec(text.trim());
  if (!m || Number(m[1]) <= 0)
    throw new CliInputError(
      `ytk flows: --window must be a positive duration like 30m, 24h, 7d or 2w (got "${text}")`,
    );
  return Number(m[1]) * UNITS[m[2]];
}

function readFlows(file: string, io: Io): { text: string; name: string } {
  if (file === '-') {
    try {
      return {
        text: io.readStdin ? io.readStdin() : fs.readFileSync(0, 'utf8'),
        name: '<stdin>',
      };
    } catch (e) {
      throw new CliInputError(
        `ytk flows: cannot read stdin: ${(e as Error).message}`,
      );
    }
  }
  const name = displayUri(file);
  try {
    return { text: fs.readFileSync(file, 'utf8'), name };
  } catch (e) {
    throw new CliInputError(`${name}: cannot read: ${(e as Error).message}`);
  }
}

const windowLabel = (text: string | undefined) =>
  text ? `the last ${text} of the recording` : 'the recording';

export function runFlows(argv: string[], io: Io): number {
  const { values, positionals } = parseCommandArgs('flows', argv, {
    ...INPUT_OPTIONS,
    flows: { type: 'string', multiple: true },
    window: { type: 'string' },
    'overlay-time': { type: 'string' },
    format: { type: 'string', choices: FLOWS_FORMATS },
  });
  if (values.help) {
    io.out(FLOWS_HELP);
    return EXIT_OK;
  }
  const flowFiles = (values.flows as string[] | undefined) ?? [];
  if (!flowFiles.length)
    throw new CliInputError(
      'ytk flows: --flows <file> is required (the output of hubble observe -o jsonpb; "-" for stdin)',
    );
  if (flowFiles.filter(f => f === '-').length > 1)
    throw new CliInputError('ytk flows: stdin ("-") can be read only once');
  const windowMs =
    values.window !== undefined
      ? parseDuration(values.window as string)
      : undefined;
  const overlayTime = values['overlay-time'] as string | undefined;
  if (overlayTime !== undefined && Number.isNaN(Date.parse(overlayTime)))
    throw new CliInputError(
      `ytk flows: --overlay-time must be an RFC 3339 time like 2026-12-05T00:00:00Z (got "${overlayTime}")`,
    );
  const strict = values.strict === true;

  const loadOptions = loadOptionsFrom(values);
  const input = loadSnapshots(positionals, loadOptions);
  reportProblems(io, input.problems, { strict });
  const overlay = buildOverlay(input.snapshots);

  // Decode every file: located errors, the rest still read.
  const files: FlowFileReport[] = [];
  const errors: FlowLineError[] = [];
  const flows: ObservedFlow[] = [];
  for (const file of flowFiles) {
    const { text, name } = readFlows(file, io);
    const d = decodeHubbleFlows(text);
    files.push({
      file: name,
      lines: text.split('\n').filter(l => l.trim()).length,
      flows: d.flows.length,
      skipped: d.skipped,
      errors: d.errors.length,
    });
    for (const e of d.errors) {
      errors.push({ file: name, ...e });
      io.err(
        `${name}:${e.line}: error${e.field ? ` ${e.field}:` : ''} ${e.message}\n`,
      );
    }
    flows.push(...d.flows.map(f => f.flow));
  }
  if (errors.length) {
    const what = `${errors.length} bad flow line${errors.length > 1 ? 's' : ''}`;
    if (strict)
      throw new CliInputError(`${what}; nothing evaluated (--strict)`);
    io.err(`ytk: ${what} skipped; attributed every other flow\n`);
  }

  // The window ends at the newest flow, so a recording reads the same on any day.
  const window: FlowWindow = {};
  let inside = flows;
  if (windowMs !== undefined) {
    const times = flows
      .map(f => (f.time ? Date.parse(f.time) : NaN))
      .filter(t => !Number.isNaN(t));
    if (times.length) {
      const newest = times.reduce((a, b) => Math.max(a, b));
      window.from = new Date(newest - windowMs).toISOString();
      window.to = new Date(newest).toISOString();
      const from = newest - windowMs;
      inside = flows.filter(f => !f.time || Date.parse(f.time) >= from);
    }
  }

  const attribute = {
    ...(overlay.clusters.length === 1
      ? { defaultCluster: overlay.clusters[0].name }
      : {}),
    ...(overlayTime ? { overlayTime } : {}),
  };
  const aggregator = new FlowAggregator(overlay, attribute);
  aggregator.addAll(inside);
  const aggregation = aggregator.snapshot();

  // Tightening candidates: the catalogue rule, run over each cluster's files with the aggregates.
  const others = RULE_CATALOGUE.filter(m => m.id !== ALLOW_RULE_UNUSED).map(
    m => m.id,
  );
  const unused: Finding[] = [];
  for (const snapshot of input.snapshots) {
    unused.push(
      ...lint(
        { resources: snapshot.resources },
        {
          overlay,
          cluster: snapshot.name,
          enforcer: loadOptions.enforcer,
          skipRules: others,
          observed: {
            aggregates: aggregation.aggregates,
            windowText: windowLabel(values.window as string | undefined),
            attribute,
          },
        },
      ),
    );
  }

  const report: FlowsReport = {
    window,
    files,
    errors,
    aggregation,
    outsideWindow: flows.length - inside.length,
    unused,
  };
  switch (values.format ?? 'text') {
    case 'json':
      io.out(`${JSON.stringify(flowsToJson(report), null, 2)}\n`);
      break;
    case 'md':
      io.out(renderFlowsMarkdown(report));
      break;
    default:
      io.out(renderFlowsText(report));
  }
  const unexpected =
    aggregation.aggregates.some(a =>
      UNEXPECTED.has(a.attribution.classification),
    ) ||
    [...UNEXPECTED].some(
      c => (aggregation.overflow.byClassification[c] ?? 0) > 0,
    );
  return unexpected ? EXIT_FOUND : EXIT_OK;
}
