import type { ProcessSpec } from '../../../test/support/system.ts';
import { DEMO_USERS } from './dev-provider/demo-users.ts';

/**
 * The console and its development OpenID provider as `npm start` runs them (scripts/start.ts),
 * beside the stack of test/support/stack.ts. The console waits for the provider by itself.
 */
export function consoleSpecs(env: NodeJS.ProcessEnv): ProcessSpec[] {
  return [
    {
      name: 'dev-oidc',
      entry: 'services/console/src/dev-provider/main.ts',
      env: { ...env },
      readyUrl: `${env.OIDC_ISSUER_URL}/.well-known/openid-configuration`,
    },
    {
      name: 'console',
      entry: 'services/console/src/main.ts',
      env: { ...env, OTEL_SERVICE_NAME: 'console' },
      readyUrl: `http://127.0.0.1:${env.CONSOLE_PORT}/readyz`,
    },
  ];
}

/** The lines `npm start` prints for the console. */
export function consoleUrlLines(env: NodeJS.ProcessEnv): string {
  const logins = DEMO_USERS.map((u) => `${u.login}/${u.password}`).join(', ');
  return [
    `  operator console    ${env.CONSOLE_PUBLIC_URL}  (sign in: ${logins})`,
    `  OIDC provider (dev) ${env.OIDC_ISSUER_URL}  (development only)`,
  ].join('\n');
}
