/** Runs the real CLI in a child process, as a user would. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export function munisim(args: string[], options: { cwd?: string } = {}): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [`${ROOT}bin/munisim.js`, ...args], { cwd: options.cwd ?? ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export interface CliResult { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }

/**
 * Runs the CLI without blocking (tests that overlap their start-up times, or signal the process):
 * `control` gets the child as soon as it is spawned.
 */
export function munisimAsync(args: string[], options: { cwd?: string; control?: (child: ChildProcess) => void } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`${ROOT}bin/munisim.js`, ...args], { cwd: options.cwd ?? ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk) => { stdout += chunk; });
    child.stderr!.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    options.control?.(child);
  });
}
