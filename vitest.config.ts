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
    // The app's secrets for code under test (lib/env.ts); never real ones. bcrypt
    // at cost 4, allowed under NODE_ENV=test only: hundreds of test accounts
    // each hashed at 12 took minutes on a busy machine. Servers and CLIs the
    // tests start run as in production, at 10 (tests/support/run-command.ts).
    // LOG_LEVEL: the app's one line per API request would bury the test report (servers spawned by tests log as usual: cleanEnv).
    env: { AUTH_SECRET: "test-auth-secret-0123456789abcdefghij", KEY_PEPPER: "test-key-pepper-0123456789abcdefghij", KEYWARD_BCRYPT_COST: "4", LOG_LEVEL: "warn" },
    // The budget of an ordinary test: queries and cheap hashes, which a busy
    // machine (load average 10+) makes seconds at most. A test that starts
    // processes or servers gives its own budget, next to the work it does.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration files share one PostgreSQL; two workers match the 2-core machines.
    maxWorkers: 2,
  },
});
