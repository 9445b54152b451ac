// Gets a fresh checkout ready, so `npm start` and `npm test` are the only commands a user needs:
// installs npm dependencies when missing, builds the WebAssembly kernels and the TypeScript,
// and with --browser makes sure Chromium (Debian's package) is there for the browser tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
const log = (message) => process.stderr.write(`setup: ${message}\n`);

function dependenciesCurrent() {
  const marker = `${root}/node_modules/.package-lock.json`;
  return existsSync(marker) && statSync(marker).mtimeMs >= statSync(`${root}/package-lock.json`).mtimeMs;
}

if (!dependenciesCurrent()) {
  log('installing npm dependencies (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

log('building the WebAssembly kernels and the TypeScript');
run(process.execPath, ['scripts/build-wasm.mjs']);
run(process.execPath, [`${root}/node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json']);

log('building the demo web app (web/dist)');
run(process.execPath, [`${root}/node_modules/vite/bin/vite.js`, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']);

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

if (process.argv.includes('--browser') && !process.env.CHROMIUM_PATH && !CHROMIUM_CANDIDATES.some((p) => existsSync(p))) {
  const isRoot = process.getuid?.() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (isRoot && hasApt) {
    log('installing Chromium for the browser tests (apt-get install -y chromium)');
    const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit' }).status === 0;
    if (!install()) {
      run('apt-get', ['update']);
      if (!install()) throw new Error('apt-get install -y chromium failed');
    }
  } else {
    log('Chromium is not installed and cannot be installed here (needs root and apt-get);');
    log('install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH, or the browser tests will fail');
  }
}
