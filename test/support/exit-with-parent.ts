/**
 * Preloaded (`--import`) into every process the test/start supervisor spawns: when the
 * supervisor dies — even by SIGKILL or a test runner's timeout — the IPC channel closes and
 * this process shuts down gracefully instead of lingering and holding its port.
 */
if (process.send) {
  process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}
