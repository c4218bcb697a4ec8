import {
  POSTURE_REQUIREMENTS,
  type PostureEvidence,
  type PostureReport,
  type PostureResult,
} from '@ytknetwork/common';

const title = (id: string) =>
  POSTURE_REQUIREMENTS.find(r => r.id === id)?.title ?? id;

const at = (e: PostureEvidence) =>
  e.location
    ? ` (${e.location.uri}:${e.location.range.start.line + 1}:${e.location.range.start.character + 1})`
    : '';

/** The public JSON shape of `ytk posture --format json` (docs/cli.md). */
export function postureToJson(report: PostureReport) {
  return {
    catalogueVersion: report.catalogueVersion,
    overlayVersion: report.overlayVersion,
    scope: report.scope,
    requirements: POSTURE_REQUIREMENTS.map(r => ({
      id: r.id,
      slug: r.slug,
      title: r.title,
      boundary: r.boundary,
      stride: r.stride,
      source: r.source,
    })),
    summary: report.summary,
    residualRisk: report.residualRisk,
    results: report.results,
  };
}

const md = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderPostureMarkdown(report: PostureReport): string {
  const lines: string[] = [
    `# Security posture${report.scope.name ? `: ${report.scope.name}` : ''}`,
    '',
    `Requirement catalogue ${report.catalogueVersion}, overlay version ${report.overlayVersion}.`,
    '',
    '## Summary',
    '',
    '| requirement | title | status |',
    '| --- | --- | --- |',
    ...report.summary.map(
      s => `| ${s.requirement} | ${md(title(s.requirement))} | ${s.status} |`,
    ),
    '',
    '## Residual risk (STRIDE)',
    '',
    '| category | status | open requirements | boundaries |',
    '| --- | --- | --- | --- |',
    ...report.residualRisk.map(
      r =>
        `| ${r.stride} | ${r.status} | ${r.open.join(', ') || '—'} | ${md(r.boundaries.join(', ')) || '—'} |`,
    ),
    '',
    '## Results',
    '',
  ];
  for (const s of report.summary) {
    lines.push(`### ${s.requirement} ${title(s.requirement)}`, '');
    lines.push('| boundary | status | summary | evidence |');
    lines.push('| --- | --- | --- | --- |');
    for (const r of report.results.filter(
      x => x.requirement === s.requirement,
    )) {
      const ev = r.evidence.map(e => md(`${e.text}${at(e)}`)).join('<br>');
      lines.push(
        `| ${md(r.boundary)} | ${r.status} | ${md(r.summary)} | ${ev || '—'} |`,
      );
    }
    lines.push('');
  }
  return `${lines.join('\n')}`;
}

const esc = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');

const cls = (status: string) => `s-${status.replace(/\s+/g, '-')}`;

const CSS = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;color:#1b1b1b;line-height:1.4}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem;border-bottom:1px solid #ccc}h3{font-size:1.05rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.9rem}
th,td{border:1px solid #bbb;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f0f0f0}
.status{font-weight:600;white-space:nowrap;padding:.1rem .4rem;border-radius:3px}
.s-met{background:#dff3e0;color:#1d5e20}.s-partly{background:#fff2cc;color:#7a5a00}
.s-not-met{background:#fbdcdc;color:#8a1c1c}.s-unknown{background:#e6e6e6;color:#444}
ul{margin:0;padding-left:1.1rem}code{font-size:.85em}
@media print{body{margin:0;font-size:10pt}h2{page-break-after:avoid}tr{page-break-inside:avoid}}
`;

const badge = (status: string) =>
  `<span class="status ${cls(status)}">${esc(status)}</span>`;

function resultRow(r: PostureResult): string {
  const ev = r.evidence.length
    ? `<ul>${r.evidence.map(e => `<li>${esc(e.text)}${e.location ? ` <code>${esc(at(e).trim())}</code>` : ''}</li>`).join('')}</ul>`
    : '—';
  return `<tr><td>${esc(r.boundary)}</td><td>${badge(r.status)}</td><td>${esc(r.summary)}</td><td>${ev}</td></tr>`;
}

/** A self-contained HTML report: inline CSS, no scripts, no external assets; printable. */
export function renderPostureHtml(report: PostureReport): string {
  const name = report.scope.name ? `: ${report.scope.name}` : '';
  const req = (id: string) => POSTURE_REQUIREMENTS.find(r => r.id === id)!;
  const sections = report.summary
    .map(s => {
      const r = req(s.requirement);
      const rows = report.results
        .filter(x => x.requirement === s.requirement)
        .map(resultRow)
        .join('\n');
      return `<section id="${esc(r.id)}"><h3>${esc(r.id)} ${esc(r.title)} ${badge(s.status)}</h3>
<p>${esc(r.statement)}</p>
<p><small>Source: ${esc(r.source.document)} ${esc(r.source.section)} — “${esc(r.source.quote)}”. What to do: ${esc(r.remedy)}</small></p>
<table><thead><tr><th>boundary</th><th>status</th><th>summary</th><th>evidence</th></tr></thead><tbody>
${rows}
</tbody></table></section>`;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Security posture${esc(name)}</title>
<style>${CSS}</style></head>
<body>
<h1>Security posture${esc(name)}</h1>
<p>Requirement catalogue ${esc(report.catalogueVersion)}, overlay version ${report.overlayVersion}.</p>
<h2>Summary</h2>
<table><thead><tr><th>requirement</th><th>title</th><th>status</th></tr></thead><tbody>
${report.summary.map(s => `<tr><td><a href="#${esc(s.requirement)}">${esc(s.requirement)}</a></td><td>${esc(title(s.requirement))}</td><td>${badge(s.status)}</td></tr>`).join('\n')}
</tbody></table>
<h2>Residual risk (STRIDE)</h2>
<table><thead><tr><th>category</th><th>status</th><th>open requirements</th><th>boundaries</th></tr></thead><tbody>
${report.residualRisk.map(r => `<tr><td>${esc(r.stride)}</td><td>${badge(r.status)}</td><td>${esc(r.open.join(', ') || '—')}</td><td>${esc(r.boundaries.join(', ') || '—')}</td></tr>`).join('\n')}
</tbody></table>
<h2>Results</h2>
${sections}
</body></html>
`;
}

const LEVEL: Record<string, 'error' | 'warning' | 'note'> = {
  'not met': 'error',
  partly: 'warning',
  unknown: 'note',
};

/** SARIF 2.1.0: one result per requirement and boundary that is not met, partly met or unknown. */
export function postureToSarif(report: PostureReport, toolVersion: string) {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ytk posture',
            version: toolVersion,
            informationUri: 'https://github.com/ytknetwork/ytk',
            rules: POSTURE_REQUIREMENTS.map(r => ({
              id: r.id,
              name: r.slug,
              shortDescription: { text: r.title },
              fullDescription: { text: r.statement },
              help: { text: r.remedy },
              properties: { stride: r.stride, boundary: r.boundary },
            })),
          },
        },
        results: report.results
          .filter(r => r.status !== 'met')
          .map(r => {
            const located = r.evidence.filter(e => e.location);
            return {
              ruleId: r.requirement,
              level: LEVEL[r.status],
              message: { text: `${r.boundary}: ${r.summary}` },
              locations: located.slice(0, 1).map(e => ({
                physicalLocation: {
                  artifactLocation: { uri: e.location!.uri },
                  region: {
                    startLine: e.location!.range.start.line + 1,
                    startColumn: e.location!.range.start.character + 1,
                    endLine: e.location!.range.end.line + 1,
                    endColumn: e.location!.range.end.character + 1,
                  },
                },
              })),
              properties: { boundary: r.boundary, status: r.status },
            };
          }),
      },
    ],
  };
}
