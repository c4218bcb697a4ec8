export { ClustersPanel } from './ClustersPanel';
