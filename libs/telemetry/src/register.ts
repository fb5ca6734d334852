/**
 * Loaded with `node --import @commerce-sync/telemetry/register <main.ts>` so tracing patches
 * modules before the service imports them. ESM `import` bypasses require hooks, hence the
 * import-in-the-middle loader, registered first.
 *
 * The loader runs in-thread (`module.registerHooks`, Node ≥ 24.11.1) and wraps only the
 * packages the instrumentations hook. The off-thread `module.register` loader costs a second
 * V8 isolate, about 35 MiB resident per process, for the whole life of the service.
 * https://github.com/open-telemetry/opentelemetry-js/blob/main/doc/esm-support.md
 */
import { register } from 'node:module';
import { createAddHookMessageChannel } from 'import-in-the-middle';
import { register as registerInThread, supportsSyncHooks } from 'import-in-the-middle/register-hooks.mjs';
import { defaultInstrumentations, hookedModules } from './instrumentations.ts';
import { startTelemetry } from './sdk.ts';

if (process.env.OTEL_SDK_DISABLED !== 'true') {
  if (supportsSyncHooks()) {
    // Created first so that their module names become the loader's include list; nothing
    // they patch has been imported yet.
    const instrumentations = defaultInstrumentations();
    registerInThread({ include: hookedModules(instrumentations) });
    startTelemetry({ instrumentations });
  } else {
    const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
    register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);
    startTelemetry();
    await waitForAllMessagesAcknowledged();
  }
}
