import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ytkApiRef, type InputProblemsResponse } from '../../api';
import { mockYtkApi } from '../../testing/mockYtkApi';
import { clustersFixture, inputProblemsFixture } from '../../testing/fixtures';
import { ClustersPanel } from '../ClustersPanel';
import { InputProblems } from './InputProblems';

jest.setTimeout(30_000);

async function render(ui: React.ReactElement, api = mockYtkApi()) {
  await renderInTestApp(
    <TestApiProvider apis={[[ytkApiRef, api]]}>{ui}</TestApiProvider>,
  );
  return api;
}

const rowOf = (text: string) => screen.getByText(text).closest('tr')!;

describe('InputProblems', () => {
  it('shows file:line:column, severity, code and message of the cluster with problems', async () => {
    const api = await render(<ClustersPanel clusters={clustersFixture} />);
    const row = await waitFor(() => rowOf('apps/shop.yaml:17:23'));
    expect(within(row).getByText('error')).toBeInTheDocument();
    expect(within(row).getByText('invalid-value')).toBeInTheDocument();
    expect(
      within(row).getByText(/70000 must be between 1 and 65535/),
    ).toBeInTheDocument();
    expect(
      within(row).getByText('spec.ingress[0].ports[0].port'),
    ).toBeInTheDocument();
    expect(
      within(rowOf('apps/shop.yaml:9:7')).getByText('missing-field'),
    ).toBeInTheDocument();
    // east is the cluster with errors or warnings; its card counts them.
    expect(api.getInputProblems).toHaveBeenCalledWith('east');
    expect(screen.getByTestId('ytk-cluster-input-east')).toHaveTextContent(
      'input: 1 errors, 1 warnings, 0 notes',
    );
    expect(
      screen.queryByTestId('ytk-input-problems-truncated'),
    ).not.toBeInTheDocument();
  });

  it('says "No input problems" for a clean cluster, picked by its tab', async () => {
    const clean: InputProblemsResponse = {
      cluster: 'west',
      total: 0,
      truncated: false,
      problems: [],
    };
    const api = mockYtkApi({
      getInputProblems: jest.fn(async (cluster: string) =>
        cluster === 'west' ? clean : inputProblemsFixture,
      ),
    });
    await render(<InputProblems clusters={clustersFixture} />, api);
    await screen.findByText('apps/shop.yaml:17:23');
    fireEvent.click(screen.getByRole('tab', { name: /west/ }));
    await screen.findByTestId('ytk-input-problems-west');
    expect(screen.getByText('No input problems')).toBeInTheDocument();
    expect(api.getInputProblems).toHaveBeenLastCalledWith('west');
  });

  it('says when the list was cut: truncated, showing N of M', async () => {
    const api = mockYtkApi({
      getInputProblems: jest.fn().mockResolvedValue({
        ...inputProblemsFixture,
        total: 742,
        truncated: true,
      }),
    });
    await render(<InputProblems clusters={[clustersFixture[0]]} />, api);
    expect(
      await screen.findByTestId('ytk-input-problems-truncated'),
    ).toHaveTextContent('truncated, showing 2 of 742');
  });

  it('locates a live cluster problem by its object', async () => {
    const api = mockYtkApi({
      getInputProblems: jest.fn().mockResolvedValue({
        cluster: 'east',
        total: 1,
        truncated: false,
        problems: [
          {
            ...inputProblemsFixture.problems[1],
            file: undefined,
            line: undefined,
            column: undefined,
          },
        ],
      }),
    });
    await render(<InputProblems clusters={[clustersFixture[0]]} />, api);
    expect(await screen.findByText('Pod shop/web')).toBeInTheDocument();
  });
});
