export { type AdminAuthOptions, adminAuth } from './admin-auth.ts';
export { type BreakerOptions, circuitStateOf } from './circuit-breakers.ts';
export {
  type CommandEvents,
  type ConnectMongoOptions,
  connectMongo,
  countCommands,
  type MongoHandle,
} from './connect-mongo.ts';
export { type CreateAppOptions, createApp, type ServiceApp } from './create-app.ts';
export { insertUnlessPresent } from './insert-unless-present.ts';
export { type LoadConfigOptions, loadConfig } from './load-config.ts';
export { MongoLeaseCoordinator } from './mongo-lease.ts';
export { evaluateReadiness, type ReadinessCheck, type ReadinessReport } from './readiness.ts';
export {
  type CallOptions,
  createResilientHttp,
  type ResilientHttp,
  type ResilientHttpOptions,
} from './resilient-http.ts';
export { backoffDelay, type RetryOptions, withRetry } from './retry.ts';
export { type RunningService, type RunServiceOptions, runService, type ShutdownHook } from './run-service.ts';
export { parseTrustProxy, type TrustProxy, TrustProxySetting } from './trust-proxy.ts';
export { type ScheduledJob, type ScheduleJobOptions, scheduleJob } from './schedule-job.ts';
export { dlqRouteSpecs } from './openapi-dlq.ts';
export {
  type OpenApiDocument,
  type OpenApiSpec,
  openApiDocument,
  type ResponseSpec,
  type RouteSpec,
  UNDOCUMENTED_INFRA_PATHS,
  undocumentedRoutes,
} from './openapi.ts';
export { type RouteEntry, routeTable } from './route-table.ts';
