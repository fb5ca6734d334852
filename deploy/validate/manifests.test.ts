import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Manifest, promqlFailures, type SchemaReport, validateSchemas } from './kube-validate.ts';
import { renderKustomization } from './kustomize.ts';
import { policyViolations } from './policies.ts';

const overlay = (name: string) => fileURLToPath(new URL(`../k8s/overlays/${name}`, import.meta.url));
const clone = (objects: Manifest[]) => structuredClone(objects);
const find = (objects: Manifest[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name)!;

describe('Kubernetes manifests (Kubernetes 1.34 + operator schemas, without a cluster)', () => {
  const rendered: Record<string, { yaml: string; report: SchemaReport }> = {};

  before(() => {
    for (const name of ['production', 'local']) {
      const yaml = renderKustomization(overlay(name));
      rendered[name] = { yaml, report: validateSchemas(yaml) };
    }
  });

  for (const name of ['production', 'local']) {
    it(`when the ${name} overlay is rendered, then every object decodes strictly into its schema`, () => {
      const { report } = rendered[name]!;
      assert.deepEqual(report.problems, []);
      assert.ok(report.objects.length > 40, `only ${report.objects.length} objects rendered`);
    });

    it(`when the ${name} overlay is rendered, then it meets our policies`, () => {
      const { objects } = rendered[name]!.report;
      assert.deepEqual(policyViolations(objects, { allowInlineSecrets: name === 'local' }), []);
    });
  }

  it('when a field name has a typo, then the schema check names the unknown field', () => {
    const broken = rendered.production!.yaml.replace('readinessProbe:', 'readinesProbe:');
    const messages = validateSchemas(broken).problems.map((p) => p.message);
    assert.ok(
      messages.some((m) => m.includes('unknown field') && m.includes('readinesProbe')),
      messages.join('\n'),
    );
  });

  it('when a field has the wrong type or case, then the schema check rejects it', () => {
    const wrongType = rendered.production!.yaml.replace('maxReplicaCount: 10', 'maxReplicaCount: ten');
    assert.match(validateSchemas(wrongType).problems[0]?.message ?? '', /cannot unmarshal string/);
    const wrongCase = rendered.production!.yaml.replace('  replicas: 3', '  Replicas: 3');
    assert.match(validateSchemas(wrongCase).problems[0]?.message ?? '', /unknown field "spec.Replicas"/);
  });

  it('when a kind or apiVersion is not in the pinned set, then it is rejected rather than skipped', () => {
    const broken = rendered.production!.yaml.replace(
      'apiVersion: keda.sh/v1alpha1',
      'apiVersion: keda.sh/v1',
    );
    assert.match(validateSchemas(broken).problems[0]?.message ?? '', /not a known kind/);
  });

  it('when production is rendered, then the console runs hardened behind its own host, reaches every service and is reached by them for its JWKS', () => {
    const objects = rendered.production!.report.objects;
    const pod = find(objects, 'Deployment', 'console').spec.template.spec;
    const app = pod.containers[0];
    assert.equal(app.image, 'registry.example.com/commerce-sync/console:0.1.0');
    assert.equal(app.readinessProbe?.httpGet?.path, '/readyz', 'the pod defaults apply');
    assert.equal(app.securityContext?.readOnlyRootFilesystem, true);
    assert.ok(pod.topologySpreadConstraints?.length, 'spread across zones like the services');
    const ingress = find(objects, 'Ingress', 'console');
    assert.equal(ingress.spec.rules[0].host, 'console.shop-sync.example.com');
    assert.equal(ingress.spec.rules[0].http.paths[0].backend.service.name, 'console');
    for (const service of ['orders', 'payments', 'inventory', 'shipping', 'notifications']) {
      const policy = find(objects, 'NetworkPolicy', service).spec;
      const fromConsole = policy.ingress.some((r: { from?: { podSelector?: { matchLabels?: object } }[] }) =>
        r.from?.some(
          (f) =>
            (f.podSelector?.matchLabels as Record<string, string>)?.['app.kubernetes.io/name'] === 'console',
        ),
      );
      const toConsole = policy.egress.some((r: { to?: { podSelector?: { matchLabels?: object } }[] }) =>
        r.to?.some(
          (t) =>
            (t.podSelector?.matchLabels as Record<string, string>)?.['app.kubernetes.io/name'] === 'console',
        ),
      );
      assert.ok(fromConsole && toConsole, `${service} lets the console in and reaches its JWKS`);
    }
    const shared = objects.find(
      (o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('commerce-sync-shared'),
    );
    assert.equal(shared?.data?.ADMIN_JWKS_URL, 'http://console/.well-known/jwks.json');
  });

  it('when a Deployment loses its readiness probe, then the policy check names it', () => {
    const objects = clone(rendered.production!.report.objects);
    delete find(objects, 'Deployment', 'payments').spec.template.spec.containers[0].readinessProbe;
    const violations = policyViolations(objects, { allowInlineSecrets: false });
    assert.deepEqual(violations, ['Deployment/payments container app: no readinessProbe']);
  });

  it('when an image is tagged latest or not at all, then the policy check names it', () => {
    const objects = clone(rendered.production!.report.objects);
    find(objects, 'Deployment', 'orders').spec.template.spec.containers[0].image = 'x:latest';
    find(objects, 'Deployment', 'shipping').spec.template.spec.containers[0].image = 'registry:5000/x';
    const violations = policyViolations(objects, { allowInlineSecrets: false });
    assert.deepEqual(violations, [
      'Deployment/orders container app: image x:latest uses the latest tag',
      'Deployment/shipping container app: image registry:5000/x has no tag (means latest)',
    ]);
  });

  it('when production inlines a secret, then the policy check rejects it', () => {
    const objects = clone(rendered.production!.report.objects);
    objects.push({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'stripe' },
      data: { key: 'c2tfbGl2ZQ==' },
    });
    const container = find(objects, 'Deployment', 'payments').spec.template.spec.containers[0];
    container.env.push({ name: 'STRIPE_SECRET_KEY', value: 'sk_live_x' });
    const violations = policyViolations(objects, { allowInlineSecrets: false });
    assert.deepEqual(violations, [
      'Deployment/payments container app: STRIPE_SECRET_KEY is inlined; use a secretKeyRef',
      'Secret/stripe: values are inlined; reference a Secret created outside git',
    ]);
  });

  it('when a Deployment has no NetworkPolicy or PDB, or runs as root, then the policy check names it', () => {
    const objects = clone(rendered.production!.report.objects).filter(
      (o) => !(['NetworkPolicy', 'PodDisruptionBudget'].includes(o.kind) && o.metadata.name === 'inventory'),
    );
    const pod = find(objects, 'Deployment', 'inventory').spec.template.spec;
    pod.securityContext.runAsNonRoot = false;
    delete pod.containers[0].securityContext.runAsNonRoot;
    assert.deepEqual(policyViolations(objects, { allowInlineSecrets: false }), [
      'Deployment/inventory container app: runAsNonRoot not set',
      'Deployment/inventory: no PodDisruptionBudget',
      'Deployment/inventory: no NetworkPolicy',
    ]);
  });

  it('when both KEDA and an HPA scale one Deployment, or the drain outlasts the grace period, then it is caught', () => {
    const objects = clone(rendered.production!.report.objects);
    objects.push({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'orders' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'orders' } },
    });
    find(objects, 'Deployment', 'shipping').spec.template.spec.terminationGracePeriodSeconds = 20;
    assert.deepEqual(policyViolations(objects, { allowInlineSecrets: false }), [
      'Deployment/shipping: preStop 5 s + drain 20000 ms does not fit terminationGracePeriodSeconds 20',
      'Deployment/orders: 2 autoscalers (want exactly 1)',
    ]);
  });

  it('when an alert names its runbook, then that section exists in docs/DEPLOY.md', () => {
    const doc = readFileSync(new URL('../../docs/DEPLOY.md', import.meta.url), 'utf8');
    const anchors = new Set(
      [...doc.matchAll(/^#+ (.+)$/gm)].map((m) =>
        m[1]!
          .toLowerCase()
          .replace(/[^a-z0-9 -]/g, '')
          .replace(/ /g, '-'),
      ),
    );
    const rules = find(rendered.production!.report.objects, 'PrometheusRule', 'commerce-sync');
    const alerts = rules.spec.groups.flatMap((g: { rules: Manifest[] }) => g.rules);
    assert.ok(alerts.length >= 7);
    for (const alert of alerts) {
      const anchor = String(alert.annotations?.runbook ?? '').split('#')[1] ?? '';
      assert.ok(anchors.has(anchor), `${alert.alert}: no section #${anchor}`);
      assert.ok(alert.labels?.severity, `${alert.alert}: no severity`);
    }
  });

  it('when the alerts and the dashboard are read, then every query parses as PromQL', () => {
    const objects = rendered.production!.report.objects;
    const rules = find(objects, 'PrometheusRule', 'commerce-sync');
    const alertExprs = rules.spec.groups.flatMap((g: { rules: { expr: string }[] }) =>
      g.rules.map((r) => r.expr),
    );
    const dashboard = JSON.parse(
      find(objects, 'ConfigMap', 'commerce-sync-dashboard').data['commerce-sync-dashboard.json'],
    );
    const panelExprs = dashboard.panels.flatMap((p: { targets?: { expr: string }[] }) =>
      (p.targets ?? []).map((t) => t.expr),
    );
    assert.ok(panelExprs.length >= 15, `only ${panelExprs.length} dashboard queries`);
    assert.deepEqual(promqlFailures([...alertExprs, ...panelExprs]), []);
    assert.equal(promqlFailures(['sum by (queue) (rate(messaging_retried_total[5m])']).length, 1);
  });
});
