import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      // lib/ marks its server modules with `import "server-only"`, which throws
      // outside a React Server Components bundle; tests are a server context.
      "server-only": path.resolve(import.meta.dirname, "tests/support/empty-module.ts"),
    },
  },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/unit/**/*.test.tsx", "tests/integration/**/*.test.ts", "tests/system/**/*.test.ts"],
    globalSetup: ["tests/support/global-database.ts"],
    // The app's secrets for code under test (lib/env.ts); never real ones.
    // LOG_LEVEL: the app's one line per API request would bury the test report (servers spawned by tests log as usual: cleanEnv).
    env: { AUTH_SECRET: "test-auth-secret-0123456789abcdefghij", KEY_PEPPER: "test-key-pepper-0123456789abcdefghij", LOG_LEVEL: "warn" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration files share one PostgreSQL; two workers match the 2-core machines.
    maxWorkers: 2,
  },
});
