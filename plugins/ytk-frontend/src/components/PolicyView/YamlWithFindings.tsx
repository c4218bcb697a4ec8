import { Typography } from '@material-ui/core';
import type { Finding } from '@ytknetwork/common';

const colours = {
  error: '#ffcdd2',
  warning: '#fff3c4',
  info: '#e3f2fd',
} as const;

/**
 * Source with line numbers; a line a finding covers is tinted by severity and annotated.
 * `firstLine`: where the text starts in its file, since findings carry file lines.
 */
export function YamlWithFindings(props: {
  yaml: string;
  findings: Finding[];
  firstLine?: number;
}) {
  const lines = props.yaml.split('\n');
  const offset = props.firstLine ?? 0;
  const onLine = (i: number) =>
    props.findings.filter(
      f => f.range.start.line <= i + offset && i + offset <= f.range.end.line,
    );
  return (
    <pre
      data-testid="ytk-yaml"
      style={{
        fontFamily: 'monospace',
        fontSize: 13,
        margin: 0,
        overflowX: 'auto',
      }}
    >
      {lines.map((text, i) => {
        const hits = onLine(i);
        const worst = hits.find(h => h.severity === 'error') ?? hits[0];
        return (
          <div
            key={i}
            data-testid={`ytk-yaml-line-${i + offset + 1}`}
            data-finding={worst ? worst.severity : undefined}
            style={{ background: worst ? colours[worst.severity] : undefined }}
          >
            <span
              style={{
                display: 'inline-block',
                width: 40,
                color: '#888',
                userSelect: 'none',
              }}
            >
              {i + offset + 1}
            </span>
            {text}
            {hits
              .filter(h => h.range.start.line === i + offset)
              .map(h => (
                <Typography
                  key={`${h.ruleId}:${h.range.start.character}`}
                  component="span"
                  variant="caption"
                  style={{ marginLeft: 16 }}
                >
                  ← {h.ruleId}: {h.message}
                </Typography>
              ))}
          </div>
        );
      })}
    </pre>
  );
}
