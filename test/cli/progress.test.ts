import { describe, expect, it } from 'vitest';
import { progressBar } from '../../src/cli/progress.js';

function capture(stderrIsTTY: boolean) {
  const written: string[] = [];
  return { io: { stdout: () => {}, stderr: (text: string) => void written.push(text), stderrIsTTY }, written };
}

describe('progressBar', () => {
  it('draws on a terminal and clears the line when done', () => {
    const { io, written } = capture(true);
    const progress = progressBar(io, false, 0);
    progress.update('reading x.csv', 0.5);
    progress.done();
    expect(written[0]).toMatch(/^\rreading x\.csv \[#{12}\.{12}\]  50%/);
    expect(written.at(-1)).toBe('\r\x1b[K');
  });

  it('stays silent when stderr is not a terminal, with --quiet, and for quick work', () => {
    for (const [tty, quiet, delay] of [[false, false, 0], [true, true, 0], [true, false, 60_000]] as const) {
      const { io, written } = capture(tty);
      const progress = progressBar(io, quiet, delay);
      progress.update('x', 0.3);
      progress.done();
      expect(written).toEqual([]);
    }
  });
});
