import { loadConfig } from '@commerce-sync/service-kit';
import { NotificationsConfigSchema } from './config.ts';
import { startNotifications } from './service.ts';

// Composition root: config (exits naming a bad variable), then the whole service.
await startNotifications(loadConfig(NotificationsConfigSchema));
