import { mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

// Each test starts the real binary several times (a Node process each); on a loaded 2-core machine
// a dozen starts can take over a minute, so these tests get a larger budget than the shared one.
export default mergeConfig(sharedConfig, { test: { testTimeout: 240_000 } });
