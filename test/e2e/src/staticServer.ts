import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json',
};

/**
 * Serves a built Backstage app the way app-backend does: files under /static, every other
 * path gets index.html (client-side routes) with `config` added as one more
 * `backstage.io/config` script — the app's config loader lets the last one win.
 */
export function serveApp(
  dir: string,
  port: number,
  config: object,
): Promise<Server> {
  const script = `<script type="backstage.io/config">${JSON.stringify([
    { context: 'e2e', data: config },
  ]).replace(/</g, '\\u003c')}</script>`;
  const html = readFileSync(join(dir, 'index.html'), 'utf8').replace(
    '</head>',
    `${script}</head>`,
  );
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent((req.url ?? '/').split('?')[0]));
    const file = join(dir, path);
    if (
      path.startsWith('/static/') &&
      file.startsWith(dir) &&
      existsSync(file) &&
      statSync(file).isFile()
    ) {
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      });
      createReadStream(file).pipe(res);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, () => ok(server));
  });
}
