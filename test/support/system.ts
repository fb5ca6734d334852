import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { waitFor } from './infra.ts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const EXIT_WITH_PARENT = pathToFileURL(join(ROOT, 'test/support/exit-with-parent.ts')).href;

export interface ProcessSpec {
  name: string;
  /** Entry file relative to the repo root. */
  entry: string;
  /** Extra node flags (e.g. `--import` of the telemetry register module). */
  nodeArgs?: string[];
  env: Record<string, string | undefined>;
  /** URL that answers 2xx once the process is ready. */
  readyUrl: string;
}

export interface ManagedProcess {
  spec: ProcessSpec;
  child: ChildProcess | undefined;
  restarts: number;
  /** Expected to be down (killed on purpose or stopped): don't auto-restart. */
  held: boolean;
}

export interface SystemOptions {
  logDir: string;
  /** Restart a process that exits unexpectedly (after this delay). Off when undefined. */
  autoRestartMs?: number;
  onEvent?: (line: string) => void;
  readyTimeoutMs?: number;
}

/**
 * Runs the services and simulators as child processes of one supervisor: start in order,
 * wait for readiness, kill (any signal) and restart one, stop all with SIGTERM and a
 * deadline. Used by `npm start`, the end-to-end tests, the benchmark and the soak.
 */
export class System {
  readonly procs = new Map<string, ManagedProcess>();
  private readonly logs = new Map<string, WriteStream>();
  private stopping = false;
  private readonly opts: SystemOptions;

  constructor(opts: SystemOptions) {
    this.opts = opts;
    mkdirSync(opts.logDir, { recursive: true });
  }

  async start(specs: ProcessSpec[]): Promise<void> {
    for (const spec of specs) {
      this.procs.set(spec.name, { spec, child: undefined, restarts: 0, held: false });
      this.spawn(spec.name);
    }
    await Promise.all(specs.map((s) => this.waitReady(s.name)));
  }

  async waitReady(name: string): Promise<void> {
    const p = this.get(name);
    await waitFor(
      async () => {
        if (!p.child || p.child.exitCode !== null) {
          if (!this.opts.autoRestartMs)
            throw new Error(`${name} exited (code ${p.child?.exitCode}); see ${this.logPath(name)}`);
          return false;
        }
        const res = await fetch(p.spec.readyUrl, { signal: AbortSignal.timeout(2000) });
        await res.body?.cancel();
        return res.ok;
      },
      {
        timeoutMs: this.opts.readyTimeoutMs ?? 60_000,
        intervalMs: 150,
        what: `${name} ready at ${p.spec.readyUrl} (log: ${this.logPath(name)})`,
      },
    );
  }

  /** Sends a signal to one process; with SIGKILL this is the crash the soak injects. */
  kill(name: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const p = this.get(name);
    p.held = true;
    const child = p.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  }

  async restart(name: string): Promise<void> {
    await this.kill(name, 'SIGTERM');
    this.get(name).held = false;
    this.spawn(name);
    await this.waitReady(name);
  }

  /** SIGKILL then start again: a crash and the orchestrator bringing the pod back. */
  async crash(name: string): Promise<void> {
    await this.kill(name, 'SIGKILL');
    this.get(name).held = false;
    this.spawn(name);
    await this.waitReady(name);
  }

  /** SIGTERM, and it stays down: a replica scaled in (it drains its work, then exits). */
  scaleIn(name: string): Promise<void> {
    return this.kill(name, 'SIGTERM');
  }

  /** Starts a process that was scaled in or killed, as a new replica joining the others. */
  async scaleOut(name: string): Promise<void> {
    const p = this.get(name);
    if (p.child && p.child.exitCode === null && p.child.signalCode === null) return;
    p.held = false;
    this.spawn(name);
    await this.waitReady(name);
  }

  async stop(deadlineMs = 25_000): Promise<void> {
    this.stopping = true;
    const names = [...this.procs.keys()].reverse();
    const timer = setTimeout(() => {
      for (const n of names) this.procs.get(n)?.child?.kill('SIGKILL');
    }, deadlineMs);
    await Promise.all(names.map((n) => this.kill(n, 'SIGTERM')));
    clearTimeout(timer);
    for (const s of this.logs.values()) s.end();
  }

  pid(name: string): number | undefined {
    return this.get(name).child?.pid;
  }

  logPath(name: string): string {
    return join(this.opts.logDir, `${name}.log`);
  }

  private get(name: string): ManagedProcess {
    const p = this.procs.get(name);
    if (!p) throw new Error(`unknown process ${name}`);
    return p;
  }

  private spawn(name: string): void {
    const p = this.get(name);
    let log = this.logs.get(name);
    if (!log) {
      log = createWriteStream(this.logPath(name), { flags: 'a' });
      this.logs.set(name, log);
    }
    const child = spawn(
      process.execPath,
      ['--import', EXIT_WITH_PARENT, ...(p.spec.nodeArgs ?? []), join(ROOT, p.spec.entry)],
      // The IPC channel is only there to close when we die (see exit-with-parent.ts).
      { cwd: ROOT, env: { ...process.env, ...p.spec.env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
    );
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    p.child = child;
    child.once('exit', (code, signal) => {
      if (this.stopping || p.held) return;
      this.opts.onEvent?.(`${name} exited unexpectedly (code ${code}, signal ${signal})`);
      if (this.opts.autoRestartMs !== undefined) {
        p.restarts += 1;
        setTimeout(() => {
          if (!this.stopping && !p.held) this.spawn(name);
        }, this.opts.autoRestartMs);
      }
    });
  }
}
