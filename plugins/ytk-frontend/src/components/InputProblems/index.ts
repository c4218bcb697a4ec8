export { InputProblems } from './InputProblems';
export { InputProblemsTable, problemLocation } from './InputProblemsTable';
