// `segmint serve` as a user runs it: the built executable serves web/dist on 127.0.0.1, prints
// the URL, keeps files outside web/dist private, and stops cleanly on Ctrl+C.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBinary } from '../helpers/cli.js';
import { ROOT } from '../helpers/data.js';

describe('segmint serve', () => {
  it('serves the web app on 127.0.0.1 and stops on SIGINT with exit code 0', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/segmint.js'), 'serve', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    while (!stdout.includes('\n')) await once(child.stdout, 'data');
    const url = stdout.trim();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);

    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await page.text();
    expect(html).toContain('<title>segmint');
    const script = /src="\.\/(assets\/index-[^"]+\.js)"/.exec(html)![1]!;
    const code = await fetch(url + script);
    expect([code.status, code.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    for (const outside of ['..%2fpackage.json', '../package.json', 'missing.js']) expect((await fetch(url + outside)).status, outside).toBe(404);

    child.kill('SIGINT');
    const [code_] = (await once(child, 'exit')) as [number | null];
    expect(code_).toBe(0);
  });

  it('says when the port is taken, with exit code 2', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const run = runBinary(['serve', '--port', String(port)]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`segmint: error: port ${port} on 127.0.0.1 is in use; choose another with --port <n> (0 for any free port)\n`);
    } finally {
      blocker.close();
    }
  });

  it('rejects a port that is not a number, or past 65535 (it crashed in the listen call)', () => {
    const run = runBinary(['serve', '--port', 'http']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('expected an integer from 0 to 65535, got "http"');
    const high = runBinary(['serve', '--port', '65536']);
    expect(high.code).toBe(2);
    expect(high.stderr).toContain('expected an integer from 0 to 65535, got "65536"');
  });
});
