// The logger's redaction is the last line of defence for secrets: whatever
// field a caller logs by mistake (a request's headers, a form's password), the
// value never reaches the output, in either format.
import { describe, expect, test } from "vitest";
import { ConfigurationError, loggingEnv } from "@/lib/env";
import { createLogger, SECRET_FIELDS } from "@/lib/logging/logger";
import { formatPretty } from "@/lib/logging/pretty";
import { generateApiKey } from "@/lib/api-keys/key-format";

function capture(format: "json" | "pretty") {
  const lines: string[] = [];
  const logger = createLogger({ level: "debug", format, destination: { write: (line: string) => void lines.push(line) } });
  return { logger, text: () => lines.join("") };
}

const SECRETS = {
  authorization: "Bearer kw_live_authorizationsecret0001",
  xApiKey: "kw_live_xapikeysecret0002",
  cookie: "next-auth.session-token=cookiesecret0003",
  setCookie: "next-auth.session-token=setcookiesecret0004",
  password: "hunter2-password-0005",
  token: "eyJtokensecret0006",
  secret: "plaintext-secret-0007",
  metricsToken: "metrics-token-secret-0008",
  databaseUrl: "postgresql://keyward:dbpassword0009@db/keyward",
};

describe("logger", () => {
  for (const format of ["json", "pretty"] as const) {
    test(`redacts every secret-bearing field (${format})`, () => {
      const { logger, text } = capture(format);
      logger.debug(
        {
          headers: { authorization: SECRETS.authorization, "x-api-key": SECRETS.xApiKey, cookie: SECRETS.cookie, "user-agent": "curl/8" },
          response: { headers: { "set-cookie": SECRETS.setCookie } },
          password: SECRETS.password,
          user: { newPassword: SECRETS.password, currentPassword: SECRETS.password },
          token: SECRETS.token,
          body: { access_token: SECRETS.token, accessToken: SECRETS.token, secret: SECRETS.secret, apiKey: SECRETS.xApiKey, plaintext: SECRETS.xApiKey },
          METRICS_TOKEN: SECRETS.metricsToken,
          config: { DATABASE_URL: SECRETS.databaseUrl, AUTH_SECRET: SECRETS.secret, KEY_PEPPER: SECRETS.secret },
        },
        "a request",
      );
      const output = text();
      for (const value of Object.values(SECRETS)) expect(output).not.toContain(value.split("=").pop());
      // What is not secret stays, so the line is still useful.
      expect(output).toContain("curl/8");
      expect(output).toContain("a request");
      expect(output).toContain("[redacted]");
    });
  }

  test("names in any case, and deeper objects and arrays, are redacted too", () => {
    const { logger, text } = capture("json");
    logger.info({ request: { headers: { Authorization: "Bearer deep-secret-0011", "X-Api-Key": "deep-secret-0012" } }, attempts: [{ Password: "deep-secret-0013" }] }, "x");
    expect(text()).not.toMatch(/deep-secret/);
  });

  test("every name in SECRET_FIELDS is redacted at the top level and one level down", () => {
    const { logger, text } = capture("json");
    for (const name of SECRET_FIELDS) logger.info({ [name]: `top-${name}-value`, nested: { [name]: `nested-${name}-value` } }, "x");
    expect(text()).not.toMatch(/top-.*-value|nested-.*-value/);
  });

  test("an error's message and stack lose passwords in URLs and Bearer credentials", () => {
    const { logger, text } = capture("json");
    const error = new Error("connect ECONNREFUSED postgres://keyward:hunter2-in-url@db:5432/keyward; sent Authorization: Bearer kw_live_inmessage0010");
    logger.error({ err: error }, "failed");
    const output = text();
    expect(output).not.toContain("hunter2-in-url");
    expect(output).not.toContain("kw_live_inmessage0010");
    expect(output).toContain("postgres://keyward:[redacted]@db:5432");
    expect(JSON.parse(output).err.stack).toMatch(/at /);
  });

  for (const format of ["json", "pretty"] as const) {
    test(`a message's text loses URL passwords, Bearer credentials and API keys, as an error's does (${format})`, () => {
      const { logger, text } = capture(format);
      const key = generateApiKey("kw", "LIVE");
      logger.warn(`could not reach postgres://keyward:hunter2-in-message@db:5432/keyward`);
      logger.warn({ attempt: 2 }, "client sent Authorization: Bearer %s", "eyJbearer-in-argument0011");
      logger.info(`a request carried ${key} in its body`);
      const output = text();
      for (const secret of ["hunter2-in-message", "eyJbearer-in-argument0011", key]) expect(output).not.toContain(secret);
      expect(output).toContain("postgres://keyward:[redacted]@db:5432/keyward");
      expect(output).toContain("a request carried [redacted API key] in its body");
      expect(output).toContain("attempt");
    });
  }

  test("json: one object a line, with a level name, time and message", () => {
    const { logger, text } = capture("json");
    logger.info({ requestId: "r1", status: 200 }, "api request");
    const line = JSON.parse(text().trim());
    expect(line).toMatchObject({ level: "info", msg: "api request", requestId: "r1", status: 200 });
    expect(typeof line.time).toBe("string");
  });

  test("pretty: a short line a person can read", () => {
    const line = formatPretty(JSON.stringify({ level: "warn", time: "2026-11-25T09:30:01.123Z", pid: 1, hostname: "h", msg: "Redis is back", route: "/api/v1/me", status: 200 }));
    expect(line).toMatch(/^\d\d:\d\d:\d\d\.\d{3} WARN  Redis is back route=\/api\/v1\/me status=200\n$/);
    // Not JSON (a stray line): passed through as it is.
    expect(formatPretty("hello\n")).toBe("hello\n");
  });

  test("levels below the threshold are not written", () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "warn", format: "json", destination: { write: (line: string) => void lines.push(line) } });
    logger.info("quiet");
    logger.warn("loud");
    expect(lines).toHaveLength(1);
  });

  test("LOG_LEVEL and LOG_FORMAT: defaults, and a clear error for a wrong value", () => {
    expect(loggingEnv({}).LOG_LEVEL).toBe("info");
    expect(loggingEnv({}).LOG_FORMAT).toBeUndefined();
    expect(() => loggingEnv({ LOG_LEVEL: "loud" })).toThrow(ConfigurationError);
    expect(() => loggingEnv({ LOG_LEVEL: "loud", LOG_FORMAT: "xml" })).toThrow(/LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent\.\n.*LOG_FORMAT must be json or pretty\./);
  });
});
