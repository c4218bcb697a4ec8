export { TeamFlowsPage } from './TeamFlowsPage';
