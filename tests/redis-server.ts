/**
 * Redis servers for the tests, started by the project's own scripts/ensure-redis.sh on 127.0.0.1 and
 * stopped again by the PID in its PID file: a test file stops what it started, and leaves alone a
 * server that was already answering (someone else's). Each test file uses ports of its own, so one
 * file's stop cannot pull a server from under another file running at the same time.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './cli/cli.js';

const answers = (port: number) => spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping'], { encoding: 'utf8' }).stdout?.trim() === 'PONG';

/** Makes sure a server answers on `port`; true when this call started it. */
export function ensureRedis(port: number): boolean {
  const before = answers(port);
  const result = spawnSync('bash', [join(ROOT, 'scripts/ensure-redis.sh'), String(port)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`scripts/ensure-redis.sh ${port} failed (exit ${result.status}): these tests need a Redis server:\n${result.stderr}${result.error ?? ''}`);
  return !before;
}

/** Stops the server ensure-redis.sh started on `port`, by the PID in its PID file, and waits until it is gone. */
export async function stopRedis(port: number): Promise<void> {
  const pidFile = join(process.env.TMPDIR ?? '/tmp', `munisim-redis-${port}.pid`);
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  process.kill(pid, 'SIGTERM');
  // A plain loop, not expect.poll: this also runs in afterAll, outside any test.
  const alive = () => { try { process.kill(pid, 0); return true; } catch { return false; } };
  for (const deadline = Date.now() + 10_000; alive();) {
    if (Date.now() > deadline) throw new Error(`redis-server ${pid} (port ${port}) still runs 10 s after SIGTERM`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
