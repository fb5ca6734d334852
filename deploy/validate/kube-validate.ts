import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE_DIR = fileURLToPath(new URL('./kube-validate/', import.meta.url));

/** One reason a rendered document does not match the pinned Kubernetes/operator schemas. */
export interface SchemaProblem {
  index: number;
  kind: string;
  name: string;
  message: string;
}

/** A rendered manifest as plain JSON (what the API server would receive). */
export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
} & Record<string, Untyped>;

/** Any part of a manifest, walked by path (the Go check already proved the types). */
// biome-ignore lint/suspicious/noExplicitAny: JSON documents of ~20 kinds; typing them all buys nothing here.
export type Untyped = any;

export interface SchemaReport {
  objects: Manifest[];
  problems: SchemaProblem[];
}

/** Where built tools live, shared with deploy/local/infra.sh. */
function cacheBinDir(): string {
  const cache =
    process.env.COMMERCE_SYNC_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'commerce-sync');
  return join(cache, 'bin');
}

/** The binary's name carries a hash of its Go sources, so an edit rebuilds and nothing stale runs. */
function sourceHash(): string {
  const hash = createHash('sha256');
  const files = readdirSync(SOURCE_DIR)
    .filter((f) => f.endsWith('.go') || f === 'go.mod' || f === 'go.sum')
    .sort();
  for (const file of files)
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(SOURCE_DIR, file)));
  return hash.digest('hex').slice(0, 16);
}

/**
 * Path of the kube-validate binary, built once with `go build` (modules come from the Go
 * module proxy) and cached. KUBE_VALIDATE_BIN points at a prebuilt one instead.
 */
export function kubeValidateBinary(): string {
  if (process.env.KUBE_VALIDATE_BIN) return process.env.KUBE_VALIDATE_BIN;
  const dir = cacheBinDir();
  const binary = join(dir, `kube-validate-${sourceHash()}`);
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  // Build beside the target then rename: two test files building at once never see half a file.
  const partial = `${binary}.${process.pid}.partial`;
  const build = spawnSync('go', ['build', '-trimpath', '-o', partial, '.'], {
    cwd: SOURCE_DIR,
    encoding: 'utf8',
    timeout: 15 * 60_000,
  });
  if (build.error || build.status !== 0) {
    const why = build.error?.message ?? build.stderr;
    throw new Error(`building kube-validate failed (needs Go 1.24.7+ and the Go module proxy): ${why}`);
  }
  renameSync(partial, binary);
  return binary;
}

function run(mode: 'manifests' | 'yaml2json', yaml: string) {
  const result = spawnSync(kubeValidateBinary(), [mode], {
    input: yaml,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error || (result.status !== 0 && result.status !== 1)) {
    throw new Error(`kube-validate ${mode} failed: ${result.error?.message ?? result.stderr}`);
  }
  return result.stdout;
}

/** Decodes every document strictly into its typed struct; unknown fields and wrong types are problems. */
export function validateSchemas(yaml: string): SchemaReport {
  return JSON.parse(run('manifests', yaml)) as SchemaReport;
}

/** Parses a YAML stream (no YAML library in our dependencies; the Go tool already has one). */
export function parseYaml(yaml: string): unknown[] {
  return JSON.parse(run('yaml2json', yaml)) as unknown[];
}

/** A compose file as `docker compose config` resolves it (anchors merged, schema-checked), or why not. */
export type ComposeLoad = { ok: true; project: ComposeProject } | { ok: false; error: string };

export interface ComposeProject {
  services: Record<string, Untyped>;
}

/** Loads a compose file with compose-go, the library behind `docker compose`. */
export function loadCompose(path: string): ComposeLoad {
  const result = spawnSync(kubeValidateBinary(), ['compose', path], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.status === 0) return { ok: true, project: JSON.parse(result.stdout) as ComposeProject };
  if (result.status === 1) return { ok: false, error: result.stderr.trim() };
  throw new Error(`kube-validate compose failed: ${result.error?.message ?? result.stderr}`);
}

/** PromQL expressions that Prometheus's own parser rejects, with the reason. */
export function promqlFailures(exprs: string[]): { expr: string; error: string }[] {
  const result = spawnSync(kubeValidateBinary(), ['promql'], {
    input: JSON.stringify(exprs),
    encoding: 'utf8',
  });
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`kube-validate promql failed: ${result.error?.message ?? result.stderr}`);
  }
  return JSON.parse(result.stdout) as { expr: string; error: string }[];
}
