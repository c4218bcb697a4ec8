import { Route, Routes } from 'react-router-dom';
import { NetworkOverview } from './NetworkOverview';
import { PolicyView } from '../PolicyView';
import { PeeringPages } from '../Peering';
import { TeamPosturePage } from '../Posture';
import { TeamFlowsPage } from '../ObservedFlows';
import { Content, Header, Page } from '@backstage/core-components';

function PolicyPage() {
  return (
    <Page themeId="tool">
      <Header title="Policy" type="Network" typeLink=".." />
      <Content>
        <PolicyView />
      </Content>
    </Page>
  );
}

/**
 * Routes of the network page: the overview, one policy's view, the peering pages, posture,
 * observed flows.
 */
export function YtkPage() {
  return (
    <Routes>
      <Route path="/" element={<NetworkOverview />} />
      <Route
        path="/policies/:cluster/:namespace/:kind/:name"
        element={<PolicyPage />}
      />
      <Route path="/peering/*" element={<PeeringPages />} />
      <Route path="/posture" element={<TeamPosturePage />} />
      <Route path="/posture/:team" element={<TeamPosturePage />} />
      <Route path="/flows" element={<TeamFlowsPage />} />
      <Route path="/flows/:team" element={<TeamFlowsPage />} />
    </Routes>
  );
}
