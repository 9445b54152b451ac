// Preloaded into every child that bench/stream.mjs measures (`node --import <this file> ...`).
// When the process exits it writes one line to stdout: a marker, then JSON with its own peak
// resident set size (getrusage's ru_maxrss, which the kernel keeps for the whole life of the
// process) and V8's heap figures at exit. The child may add its own figures in
// globalThis.__segmintBench. The bench finds the line by its marker, so it works under any
// program, including bin/segmint.js, whose own output also goes to stdout.

import { writeSync } from 'node:fs';
import v8 from 'node:v8';
import { MARKER } from './common.mjs';

process.on('exit', (code) => {
  const usage = process.resourceUsage();
  const memory = process.memoryUsage();
  const heap = v8.getHeapStatistics();
  const report = {
    exitCode: code,
    maxRssKiB: usage.maxRSS, // KiB on Linux (ru_maxrss)
    userCpuMs: usage.userCPUTime / 1000,
    systemCpuMs: usage.systemCPUTime / 1000,
    uptimeMs: process.uptime() * 1000,
    atExit: {
      rss: memory.rss,
      heapTotal: memory.heapTotal,
      heapUsed: memory.heapUsed,
      external: memory.external,
      arrayBuffers: memory.arrayBuffers,
      mallocedMemory: heap.malloced_memory,
      peakMallocedMemory: heap.peak_malloced_memory,
      heapSizeLimit: heap.heap_size_limit,
    },
    extra: globalThis.__segmintBench ?? null,
  };
  // Synchronous: an 'exit' listener cannot wait for an asynchronous write.
  writeSync(1, `\n${MARKER}${JSON.stringify(report)}\n`);
});
