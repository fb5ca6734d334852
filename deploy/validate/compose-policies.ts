import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ComposeProject, Untyped } from './kube-validate.ts';
import { imageViolations } from './workload-policies.ts';

/** Services that need no health check: a one-shot job, and an image with no shell or HTTP client. */
const NO_HEALTHCHECK = new Set(['mongodb-init', 'jaeger']);
/** Inside a container, loopback is the container itself: only browser-facing URLs may use it. */
const LOOPBACK = /127\.0\.0\.1|localhost/;
// The console's own address and its development provider's issuer, which the console reaches
// on loopback too (the provider shares its network namespace: compose.yaml).
const BROWSER_FACING = new Set([
  'PUBLIC_BASE_URL',
  'CONSOLE_PUBLIC_URL',
  'OIDC_ISSUER_URL',
  'DEV_OIDC_ISSUER',
  'TRACE_UI_URL',
]);
const REQUIRED_APP_ENV = [
  'AMQP_URL',
  'MONGO_URL',
  'HTTP_HOST',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_SERVICE_NAME',
];

/** Structural rules for deploy/compose.yaml; `root` is the repository root. */
export function composeViolations(project: ComposeProject, root: string): string[] {
  const names = new Set(Object.keys(project.services));
  const out: string[] = [];
  const published = new Map<string, string>();
  for (const [name, svc] of Object.entries(project.services) as [string, Untyped][]) {
    if (!svc.image && !svc.build) out.push(`${name}: neither image nor build`);
    if (svc.image) out.push(...imageViolations(name, svc.image));
    if (!svc.healthcheck && !NO_HEALTHCHECK.has(name)) out.push(`${name}: no healthcheck`);
    for (const target of Object.keys(svc.depends_on ?? {})) {
      if (!names.has(target)) out.push(`${name}: depends on missing service ${target}`);
    }
    for (const port of svc.ports ?? []) {
      const key = `${port.host_ip ?? ''}:${port.published}/${port.protocol ?? 'tcp'}`;
      const owner = published.get(key);
      if (owner) out.push(`${name}: host port ${port.published} already published by ${owner}`);
      published.set(key, name);
    }
    out.push(...environmentViolations(name, svc.environment ?? {}));
    out.push(...entrypointViolations(name, svc, root));
  }
  return out;
}

function environmentViolations(name: string, env: Record<string, string | null>): string[] {
  return Object.entries(env)
    .filter(([key, value]) => !BROWSER_FACING.has(key) && LOOPBACK.test(value ?? ''))
    .map(([key]) => `${name}: ${key} points at loopback, which inside a container is the container itself`);
}

/** App services build an existing service with the full environment; simulators run existing files. */
function entrypointViolations(name: string, svc: Untyped, root: string): string[] {
  const out: string[] = [];
  const service = svc.build?.args?.SERVICE as string | undefined;
  if (service) {
    if (!existsSync(join(root, 'services', service, 'src', 'main.ts'))) {
      out.push(`${name}: services/${service}/src/main.ts does not exist`);
    }
    for (const key of [...REQUIRED_APP_ENV, `${service.toUpperCase()}_PORT`]) {
      if (!svc.environment?.[key]) out.push(`${name}: ${key} is not set`);
    }
    if (svc.read_only !== true || !svc.cap_drop?.includes('ALL'))
      out.push(`${name}: not hardened like its pod`);
  }
  const script = (svc.command ?? []).find((arg: string) => arg.endsWith('.ts'));
  if (script && !existsSync(join(root, script))) out.push(`${name}: ${script} does not exist`);
  return out;
}

/** Values compose sets on purpose differently from the loopback defaults of .env.example. */
const CONTAINER_SPECIFIC = new Set([
  'HTTP_HOST',
  'OTEL_TRACES_EXPORTER',
  'ADMIN_JWT_PUBLIC_KEY_FILE',
  'CONSOLE_ADMIN_SIGNING_KEY_FILE',
  'AMQP_URL',
]);

/** Settings shared with .env.example stay equal, so the demo never drifts from `npm start`. */
export function envDriftViolations(project: ComposeProject, envExample: string): string[] {
  const defaults = new Map(
    envExample
      .split('\n')
      .filter((line) => /^[A-Z0-9_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as const),
  );
  return Object.entries(project.services).flatMap(([name, svc]) =>
    Object.entries((svc.environment ?? {}) as Record<string, string | null>)
      .filter(([key, value]) => {
        const expected = defaults.get(key);
        if (expected === undefined || CONTAINER_SPECIFIC.has(key) || LOOPBACK.test(expected)) return false;
        return value !== expected;
      })
      .map(([key]) => `${name}: ${key} differs from .env.example`),
  );
}
