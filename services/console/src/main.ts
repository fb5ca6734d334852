import { loadConfig } from '@commerce-sync/service-kit/load-config';
import { ConsoleConfig } from './config.ts';
import { startConsole } from './console.ts';

// Composition root: config (exits naming a bad variable), then the console.
const running = await startConsole(loadConfig(ConsoleConfig));
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.once(signal, () => void running.stop().then(() => process.exit(0)));
