import { screen, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { ytkApiRef, type YtkApi } from '../../api';
import { YtkPage } from '../YtkPage';
import { mockYtkApi } from '../../testing/mockYtkApi';
import {
  postureHistoryFixture,
  teamPostureFixture,
} from '../../testing/postureFixtures';

jest.setTimeout(30_000);
const slow = { timeout: 15_000 };

// A fake of the YtkApi type (a component test has no backend); the posture it answers is the
// real engine's report over a small cluster (testing/postureFixtures.ts), typed by the API types
// the backend answers with.
const render = (api: YtkApi, route: string) =>
  renderInTestApp(
    <TestApiProvider apis={[[ytkApiRef, api]]}>
      <YtkPage />
    </TestApiProvider>,
    { routeEntries: [route] },
  );

const forbidden = async () =>
  ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'NotAllowedError', message: 'Not a member' },
      }),
      { status: 403, headers: { 'Content-Type': 'application/json' } },
    ) as any,
  );

describe('TeamPosturePage', () => {
  it('shows the summary, a residual-risk row per open result with evidence links, and the trend', async () => {
    const api = mockYtkApi({
      getTeamPosture: jest.fn().mockResolvedValue(teamPostureFixture),
      getTeamPostureHistory: jest.fn().mockResolvedValue(postureHistoryFixture),
    });
    await render(api, '/posture/payments');
    const summary = await screen.findByTestId('ytk-posture-summary', {}, slow);
    expect(api.getTeamPosture).toHaveBeenCalledWith('payments');
    const { counts } = teamPostureFixture;
    expect(summary).toHaveTextContent(`${counts.met} met`);
    expect(summary).toHaveTextContent(`${counts.notMet} not met`);
    expect(summary).toHaveTextContent(`${counts.partly} partly`);
    expect(summary).toHaveTextContent(`${counts.unknown} unknown`);

    const rows = within(screen.getByTestId('ytk-posture-risks')).getAllByTestId(
      'ytk-posture-risk-row',
    );
    const open = teamPostureFixture.results.filter(r => r.status !== 'met');
    expect(rows).toHaveLength(open.length);
    // Worst first.
    expect(rows[0]).toHaveAttribute('data-status', 'not met');

    // PR01 at east/shop: partly, the policy that isolates api opens its policy view, the lint
    // finding (not in a policy) its rule's page.
    const pr01 = rows.find(r => r.getAttribute('data-requirement') === 'PR01')!;
    expect(pr01).toHaveTextContent('east/shop');
    expect(pr01).toHaveTextContent('partly');
    expect(pr01).toHaveTextContent('spoofing');
    const links = within(pr01).getAllByTestId('ytk-posture-evidence-link');
    const hrefs = links.map(l => l.getAttribute('href'));
    expect(hrefs[0]).toBe('/ytk/policies/east/shop/NetworkPolicy/api-in');
    // ytk.rulesBaseUrl (default docs/rules, relative: as the findings table links rules).
    expect(hrefs[1]).toMatch(
      /docs\/rules\/namespace-without-default-deny\.md$/,
    );
    expect(hrefs).toHaveLength(2);
    // What to do: the catalogue's remedy.
    const remedy = teamPostureFixture.requirements.find(
      r => r.id === 'PR01',
    )!.remedy;
    expect(pr01).toHaveTextContent(remedy.slice(0, 40));

    const trend = await screen.findByTestId('ytk-posture-trend', {}, slow);
    expect(within(trend).getAllByRole('row')).toHaveLength(
      1 + postureHistoryFixture.entries.length,
    );
  });

  it('tells a caller who is not in the team that the posture is its members’', async () => {
    const api = mockYtkApi({
      getTeamPosture: jest.fn().mockImplementation(async () => {
        throw await forbidden();
      }),
      getTeamPostureHistory: jest.fn().mockResolvedValue(postureHistoryFixture),
    });
    await render(api, '/posture/payments');
    expect(
      await screen.findByText(
        "A team's posture is shown to its members only.",
        {},
        slow,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('ytk-posture-risks')).toBeNull();
  });

  it('opens the first of the user’s teams at /posture', async () => {
    const api = mockYtkApi({
      getTeamPosture: jest.fn().mockResolvedValue(teamPostureFixture),
      getTeamPostureHistory: jest
        .fn()
        .mockResolvedValue({ ...postureHistoryFixture, entries: [] }),
    });
    await render(api, '/posture');
    await screen.findByTestId('ytk-posture-summary', {}, slow);
    expect(api.getTeamPosture).toHaveBeenCalledWith('payments');
    expect(
      await screen.findByTestId('ytk-posture-trend-empty', {}, slow),
    ).toBeInTheDocument();
  });

  it('says how many evidence items were left out, and why', async () => {
    const results = teamPostureFixture.results.map(r =>
      r.requirement === 'PR01'
        ? { ...r, hiddenEvidence: 2, moreEvidence: 3 }
        : r,
    );
    const api = mockYtkApi({
      getTeamPosture: jest
        .fn()
        .mockResolvedValue({ ...teamPostureFixture, results }),
    });
    await render(api, '/posture/payments');
    await screen.findByTestId('ytk-posture-risks', {}, slow);
    const pr01 = screen
      .getAllByTestId('ytk-posture-risk-row')
      .find(r => r.getAttribute('data-requirement') === 'PR01')!;
    expect(pr01).toHaveTextContent('2 more in policies you may not read');
    expect(pr01).toHaveTextContent(
      '3 more (all of them: ytk posture --format json)',
    );
  });

  it('says a team without workloads has nothing to assess, not that all is met', async () => {
    const api = mockYtkApi({
      getTeamPosture: jest.fn().mockResolvedValue({
        ...teamPostureFixture,
        scope: { name: 'group:default/payments', workloads: [] },
        results: [],
      }),
    });
    await render(api, '/posture/payments');
    expect(
      await screen.findByText('No workloads for this team', {}, slow),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('ytk-posture-summary')).toBeNull();
  });
});
