import type { PreviewEdge, PreviewModel, PreviewPolicy } from './model';

const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    c =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[
        c
      ]!,
  );

function outcome(e: PreviewEdge): string {
  if (e.action === 'deny') return 'DENY';
  if (e.action === 'pass') return 'PASS (to NetworkPolicy)';
  if (e.dropped)
    return '<strong class="drop">DROPPED — mutual auth across ClusterMesh</strong>';
  return 'allowed';
}

const short = (ref: string) => {
  const p = ref.split('/');
  return p.length === 4
    ? `${p[0]}/${p[1]}/${p[3]}`
    : ref.replace(/^entity:/, '');
};

/** One column of peers drawn as an SVG beside the subjects, edges labelled with ports. */
function svgFor(policy: PreviewPolicy, dir: 'ingress' | 'egress'): string {
  const edges = policy.edges.filter(e => e.direction === dir);
  if (!edges.length) return '';
  const peers = [...new Set(edges.map(e => e.peer))];
  const subjects = policy.subjects;
  const rowH = 26;
  const h = Math.max(peers.length, subjects.length) * rowH + 10;
  const w = 760;
  const [px, sx] = dir === 'ingress' ? [10, 470] : [470, 10];
  const y = (i: number) => 10 + i * rowH;
  const node = (x: number, i: number, label: string, cls: string) =>
    `<g class="node ${cls}"><rect x="${x}" y="${y(i)}" width="280" height="20" rx="4"/><text x="${x + 6}" y="${y(i) + 14}">${esc(label)}</text></g>`;
  const line = (e: PreviewEdge) => {
    const pi = peers.indexOf(e.peer);
    const si = subjects.indexOf(e.subject);
    if (si < 0) return '';
    const [x1, y1, x2, y2] =
      dir === 'ingress'
        ? [px + 280, y(pi) + 10, sx, y(si) + 10]
        : [sx + 280, y(si) + 10, px, y(pi) + 10];
    const cls = [
      'edge',
      e.dropped ? 'dropped' : '',
      e.crossCluster ? 'cross' : '',
      e.action === 'deny' ? 'deny' : '',
    ].join(' ');
    return `<line class="${cls}" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}"><title>${esc(`${short(e.peer)} ${dir === 'ingress' ? '→' : '←'} ${short(e.subject)} ${e.ports}${e.dropped ? ' DROPPED: mutual auth across ClusterMesh' : ''}`)}</title></line>`;
  };
  return `<svg class="graph" width="100%" height="${h}" viewBox="0 0 ${w} ${h}" preserveAspectRatio="xMinYMin meet" role="img" aria-label="${dir} graph">${edges.map(line).join('')}${peers.map((p, i) => node(px, i, short(p), p.startsWith('entity:') || p.startsWith('cidr:') ? 'external' : 'peer')).join('')}${subjects.map((s, i) => node(sx, i, short(s), 'subject')).join('')}</svg>`;
}

function table(policy: PreviewPolicy, dir: 'ingress' | 'egress'): string {
  const edges = policy.edges.filter(e => e.direction === dir);
  const title =
    dir === 'ingress'
      ? 'Inbound (allowed peers → subjects)'
      : 'Outbound (subjects → allowed peers)';
  if (!edges.length) return `<h3>${title}</h3><p class="none">none</p>`;
  const rows = edges
    .map(
      e =>
        `<tr class="${e.dropped ? 'dropped' : ''}"><td>${esc(short(e.peer))}</td><td>${esc(short(e.subject))}</td><td>${esc(e.ports)}</td><td>${outcome(e)}${e.crossCluster ? ' <span class="tag">cross-cluster</span>' : ''}</td></tr>`,
    )
    .join('');
  return `<h3>${title}</h3>${svgFor(policy, dir)}<table><thead><tr><th>peer</th><th>subject</th><th>ports</th><th>outcome</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The preview body (no scripts, everything escaped); the webview script swaps it in. */
export function renderPreviewBody(model: PreviewModel): string {
  const policies = model.policies
    .map(
      p => `<section class="policy" data-policy="${esc(p.id)}">
<h2>${esc(p.kind)} ${esc(p.name)} <small>${esc(p.cluster)}</small></h2>
<p class="summary">${esc(p.summary)}</p>
${p.invalid ? `<p class="invalid">Not enforced: ${esc(p.invalid)}</p>` : ''}
<h3>Subjects (${p.subjects.length})</h3><ul class="subjects">${p.subjects.map(s => `<li>${esc(s)}</li>`).join('')}</ul>
${table(p, 'ingress')}
${table(p, 'egress')}
</section>`,
    )
    .join('');
  const findings = model.findings.length
    ? `<ul class="findings">${model.findings.map(f => `<li class="${f.severity}"><code>${esc(f.ruleId)}</code> line ${f.line + 1}: ${esc(f.message)}</li>`).join('')}</ul>`
    : '<p class="none">no findings</p>';
  return `<header><h1>ytk preview</h1><p class="uri">${esc(model.uri)}</p></header>${policies || '<p class="none">No policy in this file.</p>'}<h2>Findings (${model.findings.length})</h2>${findings}`;
}

export const PREVIEW_CSS = `body{font-family:var(--vscode-font-family,sans-serif);color:var(--vscode-foreground,#222);padding:8px 16px}
table{border-collapse:collapse;margin:4px 0 12px}td,th{border:1px solid #8884;padding:2px 8px;text-align:left}
tr.dropped td{background:#c0392b22}.drop{color:#e74c3c}.tag{font-size:85%;border:1px solid #888;border-radius:3px;padding:0 3px}
.graph rect{fill:#8882;stroke:#888}.graph .subject rect{fill:#2e86de44}.graph .external rect{fill:#f39c1244}
.graph text{font-size:12px;fill:currentColor}.graph line{stroke:#27ae60;stroke-width:1.5}.graph line.cross{stroke-dasharray:6 3}
.graph line.dropped{stroke:#e74c3c;stroke-width:2.5}.graph line.deny{stroke:#e74c3c}
.findings .error{color:#e74c3c}.findings .warning{color:#d68910}.invalid{color:#e74c3c}.none{opacity:.7}`;

/** The whole webview document: strict CSP, nonce'd style and script, no remote content. */
export function renderPreviewHtml(
  model: PreviewModel | undefined,
  nonce: string,
): string {
  const body = model ? renderPreviewBody(model) : '<p>Loading…</p>';
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0"><title>ytk preview</title>
<style nonce="${nonce}">${PREVIEW_CSS}</style></head>
<body><main id="root">${body}</main>
<script nonce="${nonce}">
const root = document.getElementById('root');
window.addEventListener('message', e => { if (e.data && e.data.type === 'render') root.innerHTML = e.data.html; });
</script></body></html>`;
}
