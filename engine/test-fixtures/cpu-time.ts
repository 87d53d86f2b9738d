/**
 * This process's CPU time in ms, for tests that guard against a hang or a super-linear blow-up: vitest runs
 * each test file in its own process, and CPU time does not grow when other processes share the cores, so the
 * bounds hold on a busy CI machine (wall time there can be several times longer).
 */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
