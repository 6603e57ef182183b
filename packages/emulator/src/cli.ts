#!/usr/bin/env node
// oss-emulator: runs the emulator from a shell, e.g. for a sample app or a manual curl session.
import { runEmulatorCli } from './run-cli.js';

await runEmulatorCli(process.argv.slice(2));
