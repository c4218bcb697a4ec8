export { TeamPosturePage } from './TeamPosturePage';
export { EntityPostureSection } from './EntityPostureSection';
