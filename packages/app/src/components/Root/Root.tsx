import { PropsWithChildren } from 'react';

import HomeIcon from '@material-ui/icons/Home';
import DeviceHubIcon from '@material-ui/icons/DeviceHub';
import {
  Sidebar,
  SidebarDivider,
  SidebarGroup,
  SidebarItem,
  SidebarPage,
  SidebarScrollWrapper,
  SidebarSpace,
} from '@backstage/core-components';
import MenuIcon from '@material-ui/icons/Menu';

export const Root = ({ children }: PropsWithChildren<{}>) => (
  <SidebarPage>
    <Sidebar>
      <SidebarGroup label="Menu" icon={<MenuIcon />}>
        <SidebarScrollWrapper>
          <SidebarItem icon={HomeIcon} to="catalog" text="Catalog" />
          <SidebarItem icon={DeviceHubIcon} to="ytk" text="Network" />
        </SidebarScrollWrapper>
      </SidebarGroup>
      <SidebarSpace />
      <SidebarDivider />
    </Sidebar>
    {children}
  </SidebarPage>
);
