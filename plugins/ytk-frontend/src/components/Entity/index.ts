export { EntityYtkNetworkContent } from './EntityYtkNetworkContent';
export { EntityYtkNetworkCard } from './EntityYtkNetworkCard';
