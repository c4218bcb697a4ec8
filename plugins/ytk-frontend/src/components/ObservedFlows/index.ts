export { TeamFlowsPage } from './TeamFlowsPage';
export { ObservedEdgesTable } from './FlowTables';
