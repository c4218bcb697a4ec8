export { TeamFindings } from './TeamFindings';
export {
  DEFAULT_RULES_BASE_URL,
  policyIdPath,
  ruleDocUrl,
  ruleTitle,
  useRulesBaseUrl,
} from './ruleLinks';
