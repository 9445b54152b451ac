/** Called after each unit of work with the units done so far and the total. */
export type ProgressCallback = (done: number, total: number) => void;

/**
 * Counts units of work for an onProgress callback and, after each one, yields to the event loop
 * (a macrotask, so a browser can repaint a progress bar while a long scan runs on its thread).
 */
export class Progress {
  private done = 0;

  constructor(
    readonly total: number,
    private readonly onProgress: ProgressCallback | undefined,
  ) {}

  async step(): Promise<void> {
    this.done++;
    this.onProgress?.(this.done, this.total);
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
  }
}
