import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { createRouter } from '../router';

/** `METHOD /path/:param` of every route registered on the router. */
function routerRoutes(router: any): string[] {
  const out: string[] = [];
  for (const layer of router.stack) {
    if (!layer.route) continue;
    for (const m of Object.keys(layer.route.methods)) {
      out.push(`${m.toUpperCase()} ${layer.route.path}`);
    }
  }
  return out.sort();
}

describe('openapi.yaml', () => {
  it('describes exactly the routes the router serves', () => {
    const doc = parse(
      fs.readFileSync(path.join(__dirname, 'openapi.yaml'), 'utf8'),
    );
    const documented: string[] = [];
    for (const [p, ops] of Object.entries<Record<string, unknown>>(doc.paths)) {
      for (const m of Object.keys(ops)) {
        documented.push(`${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`);
      }
    }
    // Route registration touches no dependency: they are used per request.
    const deps = {
      config: { lint: { maxBodyBytes: 1 } },
    } as unknown as Parameters<typeof createRouter>[0];
    expect(routerRoutes(createRouter(deps))).toEqual(documented.sort());
    expect(documented.length).toBeGreaterThanOrEqual(10);
  });
});
