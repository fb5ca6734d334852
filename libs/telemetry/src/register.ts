/**
 * Loaded with `node --import @commerce-sync/telemetry/register <main.ts>` so the SDK patches
 * modules before the service imports them. ESM `import` bypasses require hooks, hence the
 * import-in-the-middle loader registered first; only hooked modules are wrapped.
 * https://github.com/open-telemetry/opentelemetry-js/blob/main/doc/esm-support.md
 */
import { register } from 'node:module';
import { createAddHookMessageChannel } from 'import-in-the-middle';
import { startTelemetry } from './sdk.ts';

if (process.env.OTEL_SDK_DISABLED !== 'true') {
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
  startTelemetry();
  await waitForAllMessagesAcknowledged();
}
