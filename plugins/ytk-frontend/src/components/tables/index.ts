export { FindingsTable } from './FindingsTable';
export { PoliciesTable } from './PoliciesTable';
export { WorkloadsTable } from './WorkloadsTable';
