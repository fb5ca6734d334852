import type { Manifest } from './kube-validate.ts';
import {
  coverageViolations,
  scalingViolations,
  secretViolations,
  wiringViolations,
} from './reference-policies.ts';
import { configMapViolations, drainViolations, isWorkload, workloadViolations } from './workload-policies.ts';

export interface PolicyOptions {
  /** The local overlay writes development Secrets; base and production never do. */
  allowInlineSecrets: boolean;
}

/** Our rules on top of the schemas; returns one readable line per violation. */
export function policyViolations(objects: Manifest[], opts: PolicyOptions): string[] {
  const configMaps = new Map(
    objects
      .filter((o) => o.kind === 'ConfigMap')
      .map((o) => [o.metadata.name, (o.data ?? {}) as Record<string, string>]),
  );
  return [
    ...objects.filter(isWorkload).flatMap(workloadViolations),
    ...objects.filter(isWorkload).flatMap((o) => drainViolations(o, configMaps)),
    ...objects.flatMap(configMapViolations),
    ...coverageViolations(objects),
    ...scalingViolations(objects),
    ...wiringViolations(objects),
    ...(opts.allowInlineSecrets ? [] : secretViolations(objects)),
  ];
}
