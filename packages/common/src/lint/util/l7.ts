import type { FieldPath } from '../../model';
import { arr, isObj, type Obj } from './access';
import type { CiliumRuleRef } from './policies';

export interface PortRuleRef {
  rule: CiliumRuleRef;
  portRule: Obj;
  index: number;
  path: FieldPath;
  /** L7 kinds with at least one entry (http, dns, kafka, l7). */
  l7: string[];
}

export function portRules(r: CiliumRuleRef): PortRuleRef[] {
  return (arr(r.rule.toPorts) ?? []).flatMap((portRule, index) => {
    if (!isObj(portRule)) return [];
    const rules = isObj(portRule.rules) ? portRule.rules : {};
    const l7 = ['http', 'dns', 'kafka', 'l7'].filter(
      k => (arr(rules[k])?.length ?? 0) > 0,
    );
    return [
      { rule: r, portRule, index, path: [...r.path, 'toPorts', index], l7 },
    ];
  });
}

export function ports(pr: PortRuleRef): Obj[] {
  return (arr(pr.portRule.ports) ?? []).filter(isObj);
}

/** Normalised port protocol: empty means ANY. */
export function protocolOf(p: Obj): string {
  return typeof p.protocol === 'string' && p.protocol
    ? p.protocol.toUpperCase()
    : 'ANY';
}
