import { spawnSync } from 'node:child_process';

/** `kubectl kustomize <dir>`: renders an overlay exactly as `kubectl apply -k` would. */
export function renderKustomization(dir: string): string {
  const result = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error || result.status !== 0) {
    throw new Error(`kubectl kustomize ${dir} failed: ${result.error?.message ?? result.stderr}`);
  }
  return result.stdout;
}
