// The end-to-end tests spawn the built bin against a simulator whose jobs last 1-3 s of real time.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
