// A server in its own process, as `npm start` runs it, for tests that kill it with SIGKILL.
// Configuration comes from the environment; TEST_CONFIG (JSON) overrides fields for speed.
import { buildApp } from '../../src/server/app.js';
import { type Config, loadConfig } from '../../src/server/config.js';

const base = loadConfig(process.env);
const overrides = JSON.parse(process.env.TEST_CONFIG ?? '{}') as Partial<Config>;
const app = await buildApp({ ...base, ...overrides });
const address = await app.listen({ port: base.port, host: '127.0.0.1' });
process.stdout.write(`LISTENING ${address} ${process.pid}\n`);
// SIGTERM closes the server as main.ts does, so `--cpu-prof` and friends get to write their files.
process.once('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
