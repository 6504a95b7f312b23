// The fast tier (`npm run test:unit`): tests that need no converted models, OpenCV, broker or browser,
// so they run in seconds on a fresh clone before `scripts/setup.sh`. New such tests go in tests/unit/.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

export default defineConfig({
  test: {
    ...base.test,
    // Nothing here shares a broker or a camera, so files may run side by side.
    fileParallelism: true,
    include: [
      'tests/unit/**/*.test.ts',
      'tests/bridge.test.ts',
      'tests/config.test.ts',
      'tests/features.test.ts',
      'tests/fuzz-config.test.ts',
      'tests/gestures-events.test.ts',
      'tests/gestures-handshake.test.ts',
      'tests/gestures-history.test.ts',
      'tests/inference-geometry.test.ts',
      'tests/inference-tracking-logic.test.ts',
      'tests/train-csv.test.ts',
      'tests/train-standardisation.test.ts',
    ],
  },
});
