/** Runs a telemetry side task; a fault in telemetry must never reach business code. */
export function safely<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}
