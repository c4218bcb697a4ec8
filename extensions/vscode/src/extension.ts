import * as vscode from 'vscode';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import type { PreviewModel } from './preview/model';
import { renderPreviewBody, renderPreviewHtml } from './preview/render';

const TOKEN_KEY = 'ytk.portal.token';
let client: LanguageClient | undefined;

function settings() {
  const c = vscode.workspace.getConfiguration('ytk');
  return {
    enforcer: c.get('enforcer'),
    ciliumVersion: c.get('ciliumVersion'),
    cluster: c.get('cluster'),
    rulesBaseUrl: c.get('rulesBaseUrl'),
    portal: { url: c.get('portal.url') },
  };
}

/** Starts the language server (IPC) and adds the preview webview and portal sign-in. */
export async function activate(context: vscode.ExtensionContext) {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'json' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    initializationOptions: { settings: settings() },
    synchronize: {
      configurationSection: 'ytk',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}'),
    },
  };
  client = new LanguageClient('ytk', 'ytk', serverOptions, clientOptions);
  await client.start();
  const lc = client;

  let panel: vscode.WebviewPanel | undefined;
  let panelUri: string | undefined;
  const show = (model: PreviewModel) => {
    if (panel && model.uri === panelUri)
      panel.webview.postMessage({
        type: 'render',
        html: renderPreviewBody(model),
      });
  };
  context.subscriptions.push(
    lc.onNotification('ytk/preview', (m: PreviewModel) => show(m)),
    vscode.commands.registerCommand('ytk.preview', async (uri?: string) => {
      const target =
        uri ?? vscode.window.activeTextEditor?.document.uri.toString();
      if (!target) {
        vscode.window.showInformationMessage('ytk: open a policy file first');
        return;
      }
      panelUri = target;
      const nonce = randomBytes(16).toString('base64');
      if (!panel) {
        panel = vscode.window.createWebviewPanel(
          'ytk.preview',
          'ytk preview',
          { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
          { enableScripts: true, localResourceRoots: [] },
        );
        panel.onDidDispose(() => {
          panel = undefined;
          panelUri = undefined;
          lc.sendNotification('ytk/closePreview');
        });
      }
      const model = await lc.sendRequest<PreviewModel>('ytk/preview', {
        uri: target,
      });
      panel.title = `ytk preview: ${path.basename(vscode.Uri.parse(target).path)}`;
      panel.webview.html = renderPreviewHtml(model, nonce);
    }),
    vscode.commands.registerCommand('ytk.signIn', async () => {
      const token = await vscode.window.showInputBox({
        prompt: 'ytk portal token (stored in the editor secret storage)',
        password: true,
        ignoreFocusOut: true,
      });
      if (!token) return;
      await context.secrets.store(TOKEN_KEY, token);
      lc.sendNotification('ytk/portalToken', { token });
      vscode.window.showInformationMessage('ytk: signed in to the portal');
    }),
    vscode.commands.registerCommand('ytk.signOut', async () => {
      await context.secrets.delete(TOKEN_KEY);
      lc.sendNotification('ytk/portalToken', { token: '' });
    }),
  );
  const token = await context.secrets.get(TOKEN_KEY);
  if (token) lc.sendNotification('ytk/portalToken', { token });
}

export async function deactivate() {
  await client?.stop();
}
