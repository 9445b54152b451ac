import type { CliIo } from './io.js';

export interface Progress {
  /** Shows `label` with a bar at fraction (0..1) done. */
  update(label: string, fraction: number): void;
  /** Clears the bar. */
  done(): void;
}

const WIDTH = 24;
const NONE: Progress = { update() {}, done() {} };

/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal and not --quiet (so
 * logs and pipes never see it), at most ten times a second, and only for work that takes
 * more than a moment.
 */
export function progressBar(io: CliIo, quiet: boolean, delayMs = 300): Progress {
  if (quiet || !io.stderrIsTTY) return NONE;
  const started = Date.now();
  let last = 0;
  let drawn = false;
  return {
    update(label, fraction) {
      const now = Date.now();
      if (now - started < delayMs || now - last < 100) return;
      last = now;
      const filled = Math.round(Math.min(1, Math.max(0, fraction)) * WIDTH);
      io.stderr(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%\x1b[K`);
      drawn = true;
    },
    done() {
      if (drawn) io.stderr('\r\x1b[K');
      drawn = false;
    },
  };
}
