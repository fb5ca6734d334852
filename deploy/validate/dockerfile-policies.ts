import { imageViolations } from './workload-policies.ts';

interface Stage {
  name: string;
  lines: string[];
}

/** Splits a Dockerfile into stages, joining `\` continuations and dropping comments. */
function stages(dockerfile: string): Stage[] {
  const lines = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const out: Stage[] = [];
  for (const line of lines) {
    const from = /^FROM\s+\S+(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) out.push({ name: from[1] ?? `#${out.length}`, lines: [] });
    out.at(-1)?.lines.push(line);
  }
  return out;
}

/** The rules of the issue a reader can check without building: prod-only deps, non-root, tini, pinned base. */
export function dockerfileViolations(
  dockerfile: string,
  dockerignore: string,
  finalStages: string[],
): string[] {
  const all = stages(dockerfile);
  const names = new Set(all.map((s) => s.name));
  const out: string[] = [];
  const baseImage = /^ARG NODE_IMAGE=(\S+)/m.exec(dockerfile)?.[1] ?? '';
  out.push(...imageViolations('base image', baseImage));
  for (const stage of all) {
    for (const line of stage.lines) {
      const from = /--from=(\S+)/.exec(line)?.[1];
      if (from && !names.has(from)) out.push(`${stage.name}: copies from unknown stage ${from}`);
      if (/npm (ci|install)/.test(line) && !/--omit=dev/.test(line))
        out.push(`${stage.name}: installs dev dependencies`);
    }
  }
  for (const name of finalStages) {
    const stage = all.find((s) => s.name === name);
    const users = (stage?.lines ?? []).filter((l) => l.startsWith('USER '));
    const user = users.at(-1)?.split(/\s+/)[1] ?? '';
    if (!/^[1-9]\d*(:\d+)?$/.test(user)) out.push(`${name}: does not run as a numeric non-root USER`);
  }
  if (!/^ENTRYPOINT \["\/usr\/bin\/tini", "--"\]/m.test(dockerfile))
    out.push('no tini ENTRYPOINT: SIGTERM would not reach node');
  if (!/^HEALTHCHECK /m.test(dockerfile)) out.push('no HEALTHCHECK');
  const ignored = new Set(dockerignore.split('\n').map((l) => l.trim()));
  for (const pattern of ['**/node_modules', '.git', '.local', '**/*.test.ts', '**/dev-keys']) {
    if (!ignored.has(pattern)) out.push(`.dockerignore does not exclude ${pattern}`);
  }
  return out;
}
