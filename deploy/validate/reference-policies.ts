import type { Manifest, Untyped } from './kube-validate.ts';
import { type Labels, selects, selectsByMap } from './selectors.ts';
import { isWorkload } from './workload-policies.ts';

const podLabels = (o: Manifest): Labels => o.spec?.template?.metadata?.labels ?? {};
const isService = (o: Manifest) => podLabels(o)['app.kubernetes.io/component'] === 'service';
const named = (objects: Manifest[], kind: string) => objects.filter((o) => o.kind === kind);

/** Every workload is covered by a PodDisruptionBudget and at least one NetworkPolicy. */
export function coverageViolations(objects: Manifest[]): string[] {
  const pdbs = named(objects, 'PodDisruptionBudget');
  const policies = named(objects, 'NetworkPolicy');
  return objects.filter(isWorkload).flatMap((o) => {
    const labels = podLabels(o);
    const at = `${o.kind}/${o.metadata.name}`;
    const out: string[] = [];
    if (!pdbs.some((p: Untyped) => selects(p.spec?.selector, labels)))
      out.push(`${at}: no PodDisruptionBudget`);
    if (!policies.some((p: Untyped) => selects(p.spec?.podSelector, labels)))
      out.push(`${at}: no NetworkPolicy`);
    return out;
  });
}

/**
 * Each service scales by exactly one owner: a KEDA ScaledObject or an HPA. Both on one
 * Deployment make two controllers fight over its replica count.
 */
export function scalingViolations(objects: Manifest[]): string[] {
  const scaled = named(objects, 'ScaledObject').map((s) => s.spec?.scaleTargetRef?.name as string);
  const hpa = named(objects, 'HorizontalPodAutoscaler').map((h) => h.spec?.scaleTargetRef?.name as string);
  const deployments = new Set(named(objects, 'Deployment').map((d) => d.metadata.name));
  const out = [...scaled, ...hpa]
    .filter((name) => !deployments.has(name))
    .map((name) => `autoscaler targets a missing Deployment ${name}`);
  for (const d of named(objects, 'Deployment').filter(isService)) {
    const owners =
      scaled.filter((n) => n === d.metadata.name).length + hpa.filter((n) => n === d.metadata.name).length;
    if (owners !== 1) out.push(`Deployment/${d.metadata.name}: ${owners} autoscalers (want exactly 1)`);
  }
  if (scaled.length > 0 && !named(objects, 'TriggerAuthentication').length) {
    out.push('ScaledObjects without a TriggerAuthentication for the broker');
  }
  return out;
}

/** Services select pods, Ingress backends and ServiceMonitors point at Services that exist. */
export function wiringViolations(objects: Manifest[]): string[] {
  const workloads = objects.filter(isWorkload);
  const services = named(objects, 'Service');
  const out = services
    .filter((s) => !workloads.some((w) => selectsByMap(s.spec?.selector, podLabels(w))))
    .map((s) => `Service/${s.metadata.name}: selects no workload`);
  for (const ing of named(objects, 'Ingress')) {
    for (const rule of ing.spec?.rules ?? []) {
      for (const path of rule.http?.paths ?? []) {
        const backend = path.backend?.service;
        const target = services.find((s) => s.metadata.name === backend?.name);
        const ports = (target?.spec?.ports ?? []).map((p: Untyped) => p.name);
        if (!target || !ports.includes(backend.port?.name)) {
          out.push(
            `Ingress/${ing.metadata.name}: ${path.path} → missing ${backend?.name}:${backend?.port?.name}`,
          );
        }
      }
    }
  }
  for (const d of named(objects, 'Deployment').filter(isService)) {
    const service = services.find((s) => selectsByMap(s.spec?.selector, podLabels(d)));
    const monitored = named(objects, 'ServiceMonitor').some((m) =>
      selects(m.spec?.selector, service?.metadata?.labels ?? {}),
    );
    if (!monitored) out.push(`Deployment/${d.metadata.name}: no ServiceMonitor scrapes it`);
  }
  return out;
}

/** Outside the local overlay, Secrets are created outside git: none may carry data here. */
export function secretViolations(objects: Manifest[]): string[] {
  return named(objects, 'Secret')
    .filter((s) => Object.keys(s.data ?? {}).length + Object.keys(s.stringData ?? {}).length > 0)
    .map((s) => `Secret/${s.metadata.name}: values are inlined; reference a Secret created outside git`);
}
