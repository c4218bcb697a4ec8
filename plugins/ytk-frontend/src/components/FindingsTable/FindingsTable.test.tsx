import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { configApiRef } from '@backstage/core-plugin-api';
import type { Finding } from '@ytknetwork/common';
import { ruleMeta } from '@ytknetwork/common';
import { ytkApiRef, type PolicyFinding } from '../../api';
import { FindingsTable } from '../tables';
import { mockYtkApi } from '../../testing/mockYtkApi';
import { TeamFindings } from './TeamFindings';

jest.setTimeout(30_000);

const at = (line: number) => ({
  start: { line, character: 2 },
  end: { line, character: 9 },
});
const finding = (
  ruleId: string,
  severity: Finding['severity'],
  message: string,
  policyId?: string,
): PolicyFinding => ({
  ruleId,
  severity,
  category: 'selection',
  message,
  uri: 'file:///repo/ledger.yaml',
  range: at(4),
  ...(policyId ? { policyId, cluster: policyId.split('/')[0] } : {}),
});
const findings: PolicyFinding[] = [
  finding(
    'peer-selects-nothing',
    'info',
    'app=ghost matches nothing',
    'west/ledger/NetworkPolicy/db-in',
  ),
  finding(
    'np-allow-all-sources',
    'warning',
    'every source may connect',
    'east/_/CiliumClusterwideNetworkPolicy/all',
  ),
  finding('yaml-syntax', 'error', 'bad indentation'),
];

function render(ui: React.ReactElement, config: object = {}) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [configApiRef, mockApis.config({ data: config })],
        [ytkApiRef, mockYtkApi()],
      ]}
    >
      {ui}
    </TestApiProvider>,
  );
}

const bodyRows = () =>
  within(screen.getByTestId('ytk-findings'))
    .getAllByRole('row')
    .filter(
      // Data rows only: not the header, not the filter row (inputs), not the empty-state row.
      r =>
        within(r).queryAllByRole('cell').length > 1 &&
        !r.querySelector('input'),
    );

describe('FindingsTable', () => {
  it('titles rules from the catalogue and links them under ytk.rulesBaseUrl', async () => {
    await render(<FindingsTable findings={findings} />, {
      ytk: { rulesBaseUrl: 'https://docs.example/ytk/rules/' },
    });
    const title = ruleMeta('peer-selects-nothing')!.title;
    const link = screen.getByText(`${title} (peer-selects-nothing)`);
    expect(link.closest('a')).toHaveAttribute(
      'href',
      'https://docs.example/ytk/rules/peer-selects-nothing.md',
    );
    // A decoder id has no catalogue entry: shown as is.
    expect(screen.getByText('yaml-syntax')).toBeInTheDocument();
  });

  it('links rules relatively by default and resources to the policy view', async () => {
    await render(<FindingsTable findings={findings} basePath="/ytk" />);
    expect(
      screen.getByText(/\(np-allow-all-sources\)/).closest('a'),
    ).toHaveAttribute(
      'href',
      expect.stringMatching(/docs\/rules\/np-allow-all-sources\.md$/),
    );
    expect(
      screen.getByText('NetworkPolicy ledger/db-in (west)').closest('a'),
    ).toHaveAttribute('href', '/ytk/policies/west/ledger/NetworkPolicy/db-in');
    // Cluster-wide: the backend's `_` namespace is kept in the path, not shown in the label.
    expect(
      screen
        .getByText('CiliumClusterwideNetworkPolicy all (east)')
        .closest('a'),
    ).toHaveAttribute(
      'href',
      '/ytk/policies/east/_/CiliumClusterwideNetworkPolicy/all',
    );
    // No policy: the location, unlinked.
    expect(
      screen.getByText('file:///repo/ledger.yaml:5').closest('a'),
    ).toBeNull();
  });

  it('sorts by severity and filters by message', async () => {
    await render(<FindingsTable findings={findings} />);
    fireEvent.click(screen.getByText('Severity'));
    await waitFor(() =>
      expect(bodyRows().map(r => r.textContent)).toEqual([
        expect.stringContaining('bad indentation'),
        expect.stringContaining('every source may connect'),
        expect.stringContaining('app=ghost matches nothing'),
      ]),
    );
    const filterRow = within(screen.getByTestId('ytk-findings'))
      .getAllByRole('row')
      .find(r => r.querySelector('input'))!;
    // Columns: severity (a lookup), rule, resource, message: the last text filter is the message.
    const filters = [...filterRow.querySelectorAll('input')].filter(
      i => i.getAttribute('aria-hidden') !== 'true',
    );
    fireEvent.change(filters[filters.length - 1], {
      target: { value: 'ghost' },
    });
    await waitFor(() => expect(bodyRows()).toHaveLength(1), { timeout: 5000 });
    expect(bodyRows()[0]).toHaveTextContent('app=ghost matches nothing');
  });
});

describe('TeamFindings', () => {
  it('loads the findings of the scope from GET /findings', async () => {
    const api = mockYtkApi();
    await renderInTestApp(
      <TestApiProvider apis={[[ytkApiRef, api]]}>
        <TeamFindings scope={{ team: 'group:default/ledger' }} />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('CiliumNetworkPolicy ledger/audit-in (west)'),
    ).toBeInTheDocument();
    expect(api.getFindings).toHaveBeenCalledWith({
      team: 'group:default/ledger',
    });
  });
});
