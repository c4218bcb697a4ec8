import { render, screen } from '@testing-library/react';
import type { Finding } from '@ytknetwork/common';
import { YamlWithFindings } from './YamlWithFindings';

const finding = (line: number): Finding =>
  ({
    ruleId: 'selector-on-filtered-label',
    severity: 'warning',
    category: 'selection',
    message: 'Cilium drops label pod-template-hash',
    uri: 'file:///x.yaml',
    range: {
      start: { line, character: 14 },
      end: { line, character: 31 },
    },
  }) as Finding;

describe('YamlWithFindings', () => {
  it('places a finding on its file line when the text starts further down the file', () => {
    // The second document of a file: its text starts at file line 10 (0-based).
    const yaml = [
      'kind: NetworkPolicy',
      'spec:',
      '  pod-template-hash: x',
    ].join('\n');
    render(
      <YamlWithFindings yaml={yaml} findings={[finding(12)]} firstLine={10} />,
    );
    const line = screen.getByTestId('ytk-yaml-line-13');
    expect(line).toHaveAttribute('data-finding', 'warning');
    expect(line).toHaveTextContent('pod-template-hash: x');
    expect(line).toHaveTextContent('selector-on-filtered-label');
    expect(screen.getByTestId('ytk-yaml-line-11')).toHaveTextContent(
      'kind: NetworkPolicy',
    );
    expect(screen.getByTestId('ytk-yaml-line-11')).not.toHaveAttribute(
      'data-finding',
    );
  });

  it('reads lines from the top of the file without firstLine', () => {
    render(<YamlWithFindings yaml={'a: 1\nb: 2'} findings={[finding(1)]} />);
    expect(screen.getByTestId('ytk-yaml-line-2')).toHaveAttribute(
      'data-finding',
      'warning',
    );
    expect(screen.getByTestId('ytk-yaml-line-1')).not.toHaveAttribute(
      'data-finding',
    );
  });
});
