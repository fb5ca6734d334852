import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { SERVICE_ENV, SERVICE_NODE_ARGS } from '../../test/support/stack.ts';
import { dockerfileViolations } from './dockerfile-policies.ts';

// No Docker engine here: these are the rules a reviewer checks by reading; the build itself
// is mimicked once by hand (see docs/DEPLOY.md, "What was validated").
const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const DOCKERFILE = read('Dockerfile');
const DOCKERIGNORE = read('.dockerignore');
const FINAL = ['service', 'simulators'];

describe('Dockerfile (static checks; no engine to build with)', () => {
  it('when read, then images install production deps only, run as non-root under tini, from a pinned base', () => {
    assert.deepEqual(dockerfileViolations(DOCKERFILE, DOCKERIGNORE, FINAL), []);
  });

  it('when a stage runs as root, installs dev deps or drops tini, then each is named', () => {
    const broken = DOCKERFILE.replace(/^USER 1000:1000$/m, 'USER root')
      .replace('--omit=dev ', '')
      .replace('ENTRYPOINT ["/usr/bin/tini", "--"]', 'ENTRYPOINT ["node"]')
      .replace(/^ARG NODE_IMAGE=.*$/m, 'ARG NODE_IMAGE=node:latest');
    assert.deepEqual(dockerfileViolations(broken, DOCKERIGNORE.replace('**/dev-keys\n', ''), FINAL), [
      'base image: image node:latest uses the latest tag',
      'service-deps: installs dev dependencies',
      'simulators: does not run as a numeric non-root USER',
      'no tini ENTRYPOINT: SIGTERM would not reach node',
      '.dockerignore does not exclude **/dev-keys',
    ]);
  });

  it('when a service image starts, then node runs with the flags and env the local stack and the benchmark use', () => {
    const cmd = /^CMD \["sh", "-c", "exec node (.*) services\/\$\{SERVICE\}\/src\/main\.ts"\]$/m.exec(
      DOCKERFILE,
    );
    assert.deepEqual(cmd?.[1]?.split(' '), [...SERVICE_NODE_ARGS]);
    for (const [name, value] of Object.entries(SERVICE_ENV))
      assert.match(DOCKERFILE, new RegExp(`^ENV ${name}=${value}$`, 'm'));
  });
});
