import type { Io } from './shared';
import { CliInputError, EXIT_OK } from '../errors';

export const LSP_HELP = `Usage: ytk lsp --stdio

Runs the ytk language server (the one the VS Code extension bundles) over stdin/stdout,
for any LSP editor (Neovim, Helix, Emacs…). See docs/editor.md.
`;

/**
 * Starts the language server and returns at once; the open stdio connection keeps the process
 * alive until the editor sends exit. The server lives in extensions/vscode and is loaded lazily so
 * the other commands never pay for it.
 */
export function runLsp(argv: string[], io: Io): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    io.out(LSP_HELP);
    return EXIT_OK;
  }
  const unknown = argv.filter(a => a !== '--stdio');
  if (!argv.includes('--stdio') || unknown.length)
    throw new CliInputError(
      `lsp: only --stdio is supported${unknown.length ? ` (got ${unknown.join(' ')})` : ''}`,
    );
  /* eslint-disable @backstage/no-undeclared-imports */
  const { createConnection, ProposedFeatures } =
    require('vscode-languageserver/node') as typeof import('vscode-languageserver/node');
  const { startServer } =
    require('ytk-vscode/src/server/server') as typeof import('ytk-vscode/src/server/server');
  /* eslint-enable @backstage/no-undeclared-imports */
  startServer(
    createConnection(ProposedFeatures.all, process.stdin, process.stdout),
  );
  return EXIT_OK;
}
