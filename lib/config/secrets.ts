// The server-side secrets Keyward needs, and where they come from.
//
// Set in the environment, they are used as they are. Otherwise, for trying
// Keyward out (development, or production on the embedded database), they are
// generated once and kept in .keyward/secrets.json, so sessions and API keys
// survive a restart. In production against an external database Keyward never
// invents them: a generated pepper that later vanished would silently invalidate
// every API key, so a missing secret stops start-up instead.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { stateDir } from "../paths";

import { MIN_SECRET_LENGTH, SECRET_NAMES, type SecretName } from "./secret-names";

export type Secrets = Record<SecretName, string>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

export function resolveSecrets(options: { mayGenerate: boolean; env?: Readonly<Record<string, string | undefined>> }): Secrets {
  const env = options.env ?? process.env;
  const file = path.join(stateDir(), "secrets.json");
  const stored = readStoredSecrets(file);
  const secrets = {} as Secrets;
  let generated = false;

  for (const name of SECRET_NAMES) {
    const value = env[name] ?? (options.mayGenerate ? stored[name] : undefined);
    if (value) {
      if (value.length < MIN_SECRET_LENGTH) {
        throw new ConfigError(`${name} must be at least ${MIN_SECRET_LENGTH} characters long (try \`openssl rand -base64 32\`).`);
      }
      secrets[name] = value;
      continue;
    }
    if (!options.mayGenerate) {
      throw new ConfigError(
        `${name} is not set. In production with an external database Keyward does not generate secrets; ` +
          `set ${name} to a random value of at least ${MIN_SECRET_LENGTH} characters (\`openssl rand -base64 32\`). See .env.example.`,
      );
    }
    secrets[name] = randomBytes(32).toString("base64url");
    stored[name] = secrets[name];
    generated = true;
  }

  if (generated) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2) + "\n", { mode: 0o600 });
  }
  return secrets;
}

function readStoredSecrets(file: string): Partial<Secrets> {
  if (!existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Partial<Secrets>;
  } catch {
    throw new ConfigError(`${file} is not valid JSON. Fix or delete it (deleting it invalidates existing sessions and API keys).`);
  }
}
