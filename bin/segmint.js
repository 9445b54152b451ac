#!/usr/bin/env node
// Wiring only: the CLI lives in src/cli (compiled to dist/cli).
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv);
