import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { composeViolations, envDriftViolations } from './compose-policies.ts';
import { type ComposeProject, loadCompose } from './kube-validate.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const COMPOSE = join(ROOT, 'deploy', 'compose.yaml');
const scratch = mkdtempSync(join(tmpdir(), 'compose-check-'));

/** Loads an edited copy of compose.yaml (same folder depth, so relative paths still parse). */
function loadEdited(edit: (text: string) => string) {
  const path = join(scratch, 'compose.yaml');
  writeFileSync(path, edit(readFileSync(COMPOSE, 'utf8')));
  return loadCompose(path);
}

function loaded(): ComposeProject {
  const result = loadCompose(COMPOSE);
  assert.ok(result.ok, result.ok ? '' : result.error);
  return result.project;
}

describe('deploy/compose.yaml (checked with compose-go, the loader of docker compose)', () => {
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('when loaded like `docker compose config`, then it is valid against the compose spec', () => {
    const project = loaded();
    for (const name of ['rabbitmq', 'mongodb', 'mongodb-init', 'mailpit', 'jaeger'])
      assert.ok(project.services[name]);
    for (const name of ['orders', 'payments', 'inventory', 'shipping', 'notifications'])
      assert.ok(project.services[name]);
  });

  it('when its structure is checked, then images, health checks, dependencies, ports and environment hold', () => {
    assert.deepEqual(composeViolations(loaded(), ROOT), []);
  });

  it('when a setting is shared with .env.example, then compose uses the same value', () => {
    const envExample = readFileSync(join(ROOT, '.env.example'), 'utf8');
    assert.deepEqual(envDriftViolations(loaded(), envExample), []);
    const drifted = envExample.replace(/^SHUTDOWN_DEADLINE_MS=.*$/m, 'SHUTDOWN_DEADLINE_MS=1');
    assert.ok(
      envDriftViolations(loaded(), drifted).includes(
        'orders: SHUTDOWN_DEADLINE_MS differs from .env.example',
      ),
    );
  });

  it('when a key is misspelt or a dependency is missing, then loading fails with the reason', () => {
    const typo = loadEdited((t) => t.replace('    healthcheck:', '    healtcheck:'));
    assert.ok(!typo.ok && typo.error.includes("'healtcheck' not allowed"), JSON.stringify(typo));
    const missing = loadEdited((t) => t.replace('      sim-stripe:\n', '      sim-strype:\n'));
    assert.ok(
      !missing.ok && missing.error.includes('undefined service "sim-strype"'),
      JSON.stringify(missing),
    );
  });

  it('when a host port is taken twice, a service points at loopback or lacks a health check, then it is named', () => {
    const project = structuredClone(loaded());
    project.services.payments.ports[0].published = '3001';
    project.services.shipping.environment.AMQP_URL = 'amqp://127.0.0.1:5672';
    delete project.services.mailpit.healthcheck;
    project.services.orders.image = 'commerce-sync/orders:latest';
    assert.deepEqual(composeViolations(project, ROOT).sort(), [
      'mailpit: no healthcheck',
      'orders: image commerce-sync/orders:latest uses the latest tag',
      'payments: host port 3001 already published by orders',
      'shipping: AMQP_URL points at loopback, which inside a container is the container itself',
    ]);
  });
});
