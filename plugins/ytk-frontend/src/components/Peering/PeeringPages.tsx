import { Route, Routes } from 'react-router-dom';
import { Content, Header, Link, Page } from '@backstage/core-components';
import { PeeringDetailView } from './PeeringDetailView';
import { PeeringForm } from './PeeringForm';
import { PeeringInbox } from './PeeringInbox';

// Links resolve against the route tree: from `new` and `:id`, `..` is the inbox; from the inbox, the network page.
function PeeringPage(props: {
  title: string;
  back: { to: string; label: string };
  children: React.ReactNode;
}) {
  return (
    <Page themeId="tool">
      <Header title={props.title} type="Network" />
      <Content>
        <div style={{ marginBottom: 16 }}>
          <Link to={props.back.to} data-testid="ytk-peering-back">
            ← {props.back.label}
          </Link>
        </div>
        {props.children}
      </Content>
    </Page>
  );
}

const toInbox = { to: '..', label: 'Peering requests' };

/** The peering routes under the network page (`/ytk/peering`): inbox, new request, one request. */
export function PeeringPages() {
  return (
    <Routes>
      <Route
        path="/"
        element={
          <PeeringPage
            title="Peering requests"
            back={{ to: '..', label: 'Network' }}
          >
            <PeeringInbox />
          </PeeringPage>
        }
      />
      <Route
        path="new"
        element={
          <PeeringPage title="New peering request" back={toInbox}>
            <PeeringForm />
          </PeeringPage>
        }
      />
      <Route
        path=":id"
        element={
          <PeeringPage title="Peering request" back={toInbox}>
            <PeeringDetailView />
          </PeeringPage>
        }
      />
    </Routes>
  );
}
