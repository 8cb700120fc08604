// Starts a real `kring serve` on 127.0.0.1, port 0, with a fresh temporary data directory, and
// stops it when asked (or when the test process exits). Used by integration and browser tests.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '../..');
export const kringBinary = process.env.KRING_BIN || path.join(repoRoot, 'build', 'kring');

/** Runs a kring CLI command synchronously; returns {status, stdout, stderr}. */
export function runKring(args, { dataDir, env = {}, input } = {}) {
  const full = dataDir ? [...args, '--data-dir', dataDir] : args;
  const r = spawnSync(kringBinary, full, { env: { ...process.env, ...env }, input, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Starts the server. Options: dataDir (reuse a directory, e.g. after a restart), env, args.
 * Resolves to { base, port, dataDir, process, logs(), stop({signal}) }.
 */
export async function startServer({ dataDir, env = {}, args = [] } = {}) {
  if (!existsSync(kringBinary)) throw new Error(`kring binary not found at ${kringBinary}; run make first`);
  const dir = dataDir || mkdtempSync(path.join(tmpdir(), 'kring-test-'));
  const child = spawn(kringBinary, ['serve', '--port', '0', '--data-dir', dir, ...args], {
    // Rate limits are off by default: every test speaks from 127.0.0.1 far faster than a person.
    // tests/integration/ratelimit.test.mjs switches them on (KRING_LIMITS_ENABLED: 'true').
    env: { ...process.env, KRING_LOG_ACCESS_LOG: 'false', KRING_LIMITS_ENABLED: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 15 s:\n${stderr}`)), 15000);
    child.stdout.on('data', (d) => {
      stdout += d;
      const m = stdout.match(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${stderr}`)); });
  });
  const cleanup = () => { try { child.kill('SIGKILL'); } catch { /* already gone */ } };
  process.once('exit', cleanup);
  return {
    base: `http://127.0.0.1:${port}`,
    port,
    dataDir: dir,
    process: child,
    logs: () => stderr,
    async stop({ signal = 'SIGTERM', keepData = false } = {}) {
      process.removeListener('exit', cleanup);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill(signal);
        await exited;
      }
      if (!keepData && !dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
