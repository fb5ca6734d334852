/** Public surface of the notifications service (for `npm start`, e2e tests and benchmarks). */
export { type NotificationsConfig, NotificationsConfigSchema } from './config.ts';
export { orderIdFromTrackingToken, trackingToken, trackingUrl } from './domain/tracking-token.ts';
export { type RunningNotifications, startNotifications } from './service.ts';
