import fs from 'node:fs';
import { runConnectivity } from './commands/connectivity';
import { runDiff } from './commands/diff';
import { runExplain } from './commands/explain';
import { runFlows } from './commands/flows';
import { runLint } from './commands/lint';
import { runLsp } from './commands/lsp';
import { runPosture } from './commands/posture';
import type { Io } from './commands/shared';
import { CliInputError, EXIT_BAD_INPUT, EXIT_OK } from './errors';

// eslint-disable-next-line @backstage/no-relative-monorepo-imports
const VERSION: string = require('../package.json').version;

export const HELP = `ytk ${VERSION}: who can talk to my service, across every cluster, and why?

Usage: ytk <command> [options]

Commands:
  connectivity <path>...   allowed connections between workloads (text, json, csv, md, dot)
  explain <path>...        decide one flow (--from, --to, --port) and say why
  diff <before> <after>    connectivity added, removed and changed between two versions
  lint <path>...           lint policies (text, json, sarif)
  posture <path>...        security posture per requirement and boundary (md, json, html, sarif)
  flows <path>... --flows <file>
                           attribute Hubble flows (hubble observe -o jsonpb) to policy rules;
                           unused allows (text, json, md)
  lsp --stdio              language server for editors (see docs/editor.md)

Exit codes: 0 ok, 1 a diff or check found something (flows: an unexpected flow), 2 bad input.
Run "ytk <command> --help" for a command's options.
`;

const COMMANDS: Record<string, (argv: string[], io: Io) => number> = {
  connectivity: runConnectivity,
  explain: runExplain,
  diff: runDiff,
  lint: (argv, io) => runLint(argv, io, VERSION),
  lsp: runLsp,
  posture: (argv, io) => runPosture(argv, io, VERSION),
  flows: runFlows,
};

/** Runs a command and returns its exit code; never throws. */
export function main(argv: string[], io: Io): number {
  const [command, ...rest] = argv;
  if (
    !command ||
    command === '--help' ||
    command === '-h' ||
    command === 'help'
  ) {
    io.out(HELP);
    return EXIT_OK;
  }
  if (command === '--version' || command === '-v') {
    io.out(`${VERSION}\n`);
    return EXIT_OK;
  }
  const handler = COMMANDS[command];
  try {
    if (!handler)
      throw new CliInputError(`unknown command "${command}" (see ytk --help)`);
    return handler(rest, io);
  } catch (e) {
    if (e instanceof CliInputError) {
      io.err(`ytk: ${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    io.err(`ytk: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    return 70;
  }
}

export function run(argv: string[]): void {
  const code = main(argv, {
    out: text => process.stdout.write(text),
    err: text => process.stderr.write(text),
    readStdin: () => fs.readFileSync(0, 'utf8'),
  });
  process.exitCode = code;
}
