export { TeamPicker, useTeamRoute } from './TeamPicker';
