import type { Manifest, Untyped } from './kube-validate.ts';

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
const SECRET_NAME = /SECRET|TOKEN|PASSWORD|API_KEY|PRIVATE_KEY/;
const CREDENTIALS_IN_URL = /:\/\/[^/\s:@]+:[^/\s@]+@/;

export function isWorkload(o: Manifest): boolean {
  return WORKLOAD_KINDS.has(o.kind);
}

/** Checks one workload the way a reviewer would: probes, limits, least privilege, pinned image. */
export function workloadViolations(o: Manifest): string[] {
  const pod = o.spec?.template?.spec ?? {};
  const at = `${o.kind}/${o.metadata.name}`;
  const out: string[] = [];
  const podSecurity = pod.securityContext ?? {};
  if (pod.automountServiceAccountToken !== false)
    out.push(`${at}: automountServiceAccountToken is not false`);
  for (const c of pod.containers ?? []) {
    const where = `${at} container ${c.name}`;
    const security = c.securityContext ?? {};
    for (const probe of ['readinessProbe', 'livenessProbe', 'startupProbe']) {
      if (!c[probe]) out.push(`${where}: no ${probe}`);
    }
    for (const bound of ['requests', 'limits']) {
      for (const resource of ['cpu', 'memory']) {
        if (!c.resources?.[bound]?.[resource]) out.push(`${where}: no resources.${bound}.${resource}`);
      }
    }
    if ((security.runAsNonRoot ?? podSecurity.runAsNonRoot) !== true)
      out.push(`${where}: runAsNonRoot not set`);
    if (security.readOnlyRootFilesystem !== true) out.push(`${where}: root file system is writable`);
    if (security.allowPrivilegeEscalation !== false) out.push(`${where}: allowPrivilegeEscalation not false`);
    if (!security.capabilities?.drop?.includes('ALL')) out.push(`${where}: capabilities not dropped (ALL)`);
    const seccomp = security.seccompProfile?.type ?? podSecurity.seccompProfile?.type;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') out.push(`${where}: no seccompProfile`);
    out.push(...imageViolations(where, String(c.image ?? '')));
    out.push(...envViolations(where, c.env ?? []));
  }
  return out;
}

/** Images are pinned: an explicit tag that is not `latest`, or a digest. */
export function imageViolations(where: string, image: string): string[] {
  if (image.includes('@sha256:')) return [];
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const tag = lastSegment.includes(':') ? lastSegment.slice(lastSegment.indexOf(':') + 1) : '';
  if (tag === '') return [`${where}: image ${image} has no tag (means latest)`];
  if (tag === 'latest') return [`${where}: image ${image} uses the latest tag`];
  return [];
}

function envViolations(
  where: string,
  env: { name: string; value?: string; valueFrom?: unknown }[],
): string[] {
  return env.flatMap((e: Untyped) => {
    if (e.value === undefined) return [];
    if (SECRET_NAME.test(e.name)) return [`${where}: ${e.name} is inlined; use a secretKeyRef`];
    if (CREDENTIALS_IN_URL.test(e.value)) return [`${where}: ${e.name} carries credentials in a URL`];
    return [];
  });
}

/** ConfigMaps hold settings, never secrets. */
export function configMapViolations(o: Manifest): string[] {
  if (o.kind !== 'ConfigMap') return [];
  return Object.entries((o.data ?? {}) as Record<string, string>).flatMap(([key, value]) => {
    if (SECRET_NAME.test(key)) return [`ConfigMap/${o.metadata.name}: ${key} looks like a secret`];
    if (CREDENTIALS_IN_URL.test(value)) return [`ConfigMap/${o.metadata.name}: ${key} carries credentials`];
    return [];
  });
}

/**
 * The drain fits in the grace period: preStop sleep + SHUTDOWN_DEADLINE_MS must end before
 * Kubernetes sends SIGKILL, or an in-flight message is cut mid-handler.
 */
export function drainViolations(o: Manifest, configMaps: Map<string, Record<string, string>>): string[] {
  const pod = o.spec?.template?.spec ?? {};
  const grace = Number(pod.terminationGracePeriodSeconds ?? 30);
  return (pod.containers ?? []).flatMap((c: Untyped) => {
    const fromMaps = (c.envFrom ?? []).map(
      (e: Untyped) => configMaps.get(e.configMapRef?.name)?.SHUTDOWN_DEADLINE_MS,
    );
    const inline = (c.env ?? []).find((e: Untyped) => e.name === 'SHUTDOWN_DEADLINE_MS')?.value;
    const deadlineMs = Number(inline ?? fromMaps.find((v: Untyped) => v !== undefined) ?? 20_000);
    const preStop = Number(c.lifecycle?.preStop?.sleep?.seconds ?? 0);
    if (preStop + deadlineMs / 1000 < grace) return [];
    return [
      `${o.kind}/${o.metadata.name}: preStop ${preStop} s + drain ${deadlineMs} ms does not fit terminationGracePeriodSeconds ${grace}`,
    ];
  });
}
