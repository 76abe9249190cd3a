import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { recordLogLines } from './secrets-audit.js';
import { registerEmailVerifier, verifierForDatabase } from './verified-email.js';

export type ServerProcess = {
  url: string;
  /** The pid of the server itself (the child may be a launcher). */
  pid: number;
  child: ChildProcess;
  output: string[];
  kill(signal?: NodeJS.Signals): Promise<void>;
};

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

/** Starts test/support/server-process.ts in a child process and waits until it listens. */
export async function startServerProcess(env: Record<string, string>, config: object = {}): Promise<ServerProcess> {
  const port = await freePort();
  // Node itself with tsx's loader, not the tsx launcher: a signal sent to the child reaches the server.
  // SERVER_NODE_ARGS adds Node flags to the server only (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
  const nodeArgs = (process.env.SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // SERVER_ENTRY runs a compiled bundle of server-process.ts instead (the benchmarks: see bench/support.ts).
  const entry = process.env.SERVER_ENTRY
    ? [resolve(process.env.SERVER_ENTRY)]
    : ['--import', 'tsx', resolve('test/support/server-process.ts')];
  const child = spawn(process.execPath, [...nodeArgs, ...entry], {
    env: { ...process.env, ...env, PORT: String(port), TEST_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const [url, pid] = await new Promise<[string, number]>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`server process did not start:\n${output.join('')}`)), 30_000);
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output.push(text);
      const match = /LISTENING (\S+) (\d+)/.exec(text);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl([match[1], Number(match[2])]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    child.stdout?.on('data', (chunk: Buffer) => recordLogLines(chunk.toString('utf8').split('\n').filter(Boolean)));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server process exited with ${code}:\n${output.join('')}`));
    });
  });
  child.removeAllListeners('exit');
  if (env.DATABASE_URL) registerEmailVerifier(url, verifierForDatabase(env.DATABASE_URL));
  return {
    url,
    pid,
    child,
    output,
    kill: (signal = 'SIGKILL') =>
      new Promise<void>((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill(signal);
      }),
  };
}
