export { ConnectivityGraph } from './ConnectivityGraph';
