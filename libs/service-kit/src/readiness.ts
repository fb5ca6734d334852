/** A named probe; not ready when it throws, times out, returns false, or returns an object with a false flag. */
export interface ReadinessCheck {
  name: string;
  check(): unknown;
}

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, 'ok' | 'failing'>;
}

const CHECK_TIMEOUT_MS = 2_000;

/** Runs every check concurrently with a timeout each; never throws. */
export async function evaluateReadiness(
  checks: ReadinessCheck[],
  timeoutMs = CHECK_TIMEOUT_MS,
): Promise<ReadinessReport> {
  const results = await Promise.all(checks.map((c) => passes(c, timeoutMs)));
  const report: ReadinessReport = { ready: results.every(Boolean), checks: {} };
  checks.forEach((c, i) => {
    report.checks[c.name] = results[i] ? 'ok' : 'failing';
  });
  return report;
}

async function passes(check: ReadinessCheck, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    const value = await Promise.race([Promise.resolve().then(() => check.check()), timeout]);
    return isHealthy(value);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

// `messaging.health()` returns `{ connected, consumersRunning }`: any false boolean flag
// means not ready, so such objects can be passed as they are.
function isHealthy(value: unknown): boolean {
  if (value === false) return false;
  if (typeof value === 'object' && value !== null) {
    return !Object.values(value).some((v) => v === false);
  }
  return true;
}
