// One dev server and one browser per test file: started before its tests, stopped after.

import { before, after } from 'node:test';
import { startServer } from './server.js';
import { launch } from './browser.js';

/**
 * Registers the file's before/after hooks and returns the object they fill in:
 * `env.srv` (url, key, stop) and `env.browser`. `setup(env)`, when given, runs once both
 * are up (organisation settings the file's tests rely on, say).
 */
export function useServerAndBrowser(setup) {
  const env = { srv: null, browser: null };
  before(async () => {
    env.srv = await startServer();
    env.browser = await launch();
    if (setup) await setup(env);
  });
  after(async () => {
    if (env.browser) await env.browser.close();
    if (env.srv) await env.srv.stop();
  });
  return env;
}
