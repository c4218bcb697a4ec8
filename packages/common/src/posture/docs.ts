import { POSTURE_CATALOGUE_VERSION, POSTURE_REQUIREMENTS } from './catalogue';

export const POSTURE_DOCS_BEGIN =
  '<!-- posture-catalogue:begin (generated) -->';
export const POSTURE_DOCS_END = '<!-- posture-catalogue:end -->';

/**
 * The requirement catalogue as Markdown, between markers: docs/posture.md holds exactly this
 * (a test checks it), so the doc lists every requirement as the engine has it.
 */
export function renderPostureCatalogueDocs(): string {
  const out: string[] = [
    POSTURE_DOCS_BEGIN,
    '',
    `Catalogue version **${POSTURE_CATALOGUE_VERSION}**.`,
    '',
    '| id | requirement | boundary | STRIDE if not met |',
    '| --- | --- | --- | --- |',
    ...POSTURE_REQUIREMENTS.map(
      r =>
        `| [${r.id}](#${r.id.toLowerCase()}-${r.slug}) | ${r.title} | ${r.boundary} | ${r.stride.join(', ')} |`,
    ),
    '',
  ];
  for (const r of POSTURE_REQUIREMENTS) {
    out.push(
      `### ${r.id} ${r.slug}`,
      '',
      `**${r.title}.** ${r.statement}`,
      '',
      `- Boundary: ${r.boundary}`,
      `- STRIDE: ${r.stride.join(', ')}`,
      `- Source: ${r.source.document} ${r.source.section} — “${r.source.quote}”`,
      `- Lint evidence: ${r.lintRules.map(id => `[${id}](rules/${id}.md)`).join(', ')}`,
      `- What to do: ${r.remedy}`,
      '',
    );
  }
  out.push(POSTURE_DOCS_END);
  return out.join('\n');
}
