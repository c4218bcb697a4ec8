/*
 * A mocked YtkApi for component tests: a component test has no backend, and the mock lets each
 * test choose the server's answer (including errors such as a 409) and assert the calls made.
 */
import type { YtkApi } from '../api';
import {
  clustersFixture,
  connectivityFixture,
  findingFixture,
  inputProblemsFixture,
  peeringDetailFixture,
  peeringPreviewFixture,
  peeringRecordFixture,
  policyDetailFixture,
  policySummaryFixture,
  verdictFixture,
} from './fixtures';
import {
  entityPostureFixture,
  postureHistoryFixture,
  teamPostureFixture,
} from './postureFixtures';
import { entityDropsFixture, teamFlowsFixture } from './flowFixtures';

export function mockYtkApi(
  overrides: Partial<YtkApi> = {},
): jest.Mocked<YtkApi> {
  const { audit: _a, allowedActions: _b, ...summary } = peeringDetailFixture;
  return {
    getClusters: jest.fn().mockResolvedValue(clustersFixture),
    getInputProblems: jest.fn().mockResolvedValue(inputProblemsFixture),
    getTeams: jest
      .fn()
      .mockResolvedValue([
        { ref: 'group:default/payments', name: 'payments', title: 'Payments' },
      ]),
    getTeamOverview: jest.fn(),
    getConnectivity: jest.fn().mockResolvedValue(connectivityFixture),
    getEntityNetwork: jest.fn(),
    getTeamPosture: jest.fn().mockResolvedValue(teamPostureFixture),
    getTeamPostureHistory: jest.fn().mockResolvedValue(postureHistoryFixture),
    getEntityPosture: jest.fn().mockResolvedValue(entityPostureFixture),
    getTeamFlows: jest.fn().mockResolvedValue(teamFlowsFixture),
    getEntityDrops: jest.fn().mockResolvedValue(entityDropsFixture),
    explainFlow: jest.fn().mockResolvedValue({ verdict: verdictFixture }),
    getPolicies: jest
      .fn()
      .mockResolvedValue({ policies: [policySummaryFixture] }),
    getPolicy: jest.fn().mockResolvedValue(policyDetailFixture),
    lint: jest.fn(),
    getFindings: jest.fn().mockResolvedValue({
      findings: [
        {
          ...findingFixture,
          policyId: policySummaryFixture.id,
          cluster: 'west',
        },
      ],
    }),
    listPeering: jest.fn().mockResolvedValue([summary]),
    getPeering: jest.fn().mockResolvedValue(peeringDetailFixture),
    previewPeering: jest.fn().mockResolvedValue(peeringPreviewFixture),
    createPeering: jest.fn().mockResolvedValue(peeringRecordFixture),
    actOnPeering: jest.fn().mockResolvedValue(peeringRecordFixture),
    ...overrides,
  } as jest.Mocked<YtkApi>;
}
