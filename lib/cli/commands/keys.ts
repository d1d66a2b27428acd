// keys create | list | revoke | rotate | update | allowed-ips | exchange | credits: the same lib/ service functions
// the dashboard uses, acting as the operator (outside the organization's roles).
import { getPrisma } from "@/lib/db/prisma";
import { isUuid } from "@/lib/db/ids";
import type { KeyActor } from "@/lib/api-keys/actor";
import { rotateApiKey, revokeApiKey, setApiKeyRateLimit } from "@/lib/api-keys/change-api-key";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { describeAllowlist } from "@/lib/api-keys/ip-allowlist";
import { setApiKeyIpAllowlist } from "@/lib/api-keys/set-ip-allowlist";
import type { ApiKeyView } from "@/lib/api-keys/key-view";
import { listApiKeys } from "@/lib/api-keys/queries";
import { GracePeriodSchema, parseExpiry, ScopePresetSchema } from "@/lib/api-keys/schemas";
import { SCOPE_PRESETS, type Scope } from "@/lib/api-keys/scopes";
import { verifyApiKeyById } from "@/lib/api-keys/verify-api-key";
import { AppError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { exchangeForToken } from "@/lib/tokens/token-exchange";
import { changeCredits, changeOrganizationCredits, type CreditChange, type CreditState } from "@/lib/credits/manage-credits";
import { describePolicy, policyOf, type RateLimitSettings } from "@/lib/rate-limit/plans";
import { CliError, UsageError } from "../output";
import type { Command, OptionValues } from "../command";

async function organizationActor(slug: unknown): Promise<KeyActor> {
  if (typeof slug !== "string" || !slug) throw new UsageError("--org <slug> is required.");
  const organization = await getPrisma().organization.findUnique({ where: { slug }, select: { id: true } });
  if (!organization) throw new CliError(`no organization with the slug "${slug}".`);
  return { type: "operator", organizationId: organization.id };
}

/** Key ids are unique across organizations, so revoke and rotate need only the id. */
async function keyActor(id: string | undefined): Promise<KeyActor> {
  if (!id) throw new UsageError("give the key's id.");
  const key = isUuid(id) ? await getPrisma().apiKey.findUnique({ where: { id }, select: { organizationId: true } }) : null;
  if (!key) throw new NotFoundError(`no key with the id "${id}".`);
  return { type: "operator", organizationId: key.organizationId };
}

function scopesFrom(values: OptionValues): Scope[] {
  if (values.preset && values.scopes) throw new UsageError("give --preset or --scopes, not both.");
  if (values.scopes) return String(values.scopes).split(",").map((s) => s.trim()).filter(Boolean) as Scope[];
  const preset = ScopePresetSchema.safeParse(values.preset ?? "read-only");
  if (!preset.success) throw new UsageError(`--preset: ${preset.error.issues[0]!.message}`);
  return [...SCOPE_PRESETS[preset.data].scopes];
}

function environmentFrom(value: unknown): "LIVE" | "TEST" {
  const env = String(value ?? "test").toLowerCase();
  if (env !== "live" && env !== "test") throw new UsageError("--env must be live or test.");
  return env === "live" ? "LIVE" : "TEST";
}

/** --plan standard|pro|custom [--limit n --window 1m|1h] [--quota n|none], or undefined when none is given. */
function rateLimitFrom(values: OptionValues): RateLimitSettings | undefined {
  if (values.plan === undefined && values.limit === undefined && values.window === undefined && values.quota === undefined) return undefined;
  const plan = String(values.plan ?? (values.limit !== undefined ? "custom" : "standard")).toUpperCase();
  const number = (flag: string) => {
    const value = Number(values[flag]);
    if (!Number.isInteger(value)) throw new UsageError(`--${flag} must be a whole number.`);
    return value;
  };
  return {
    plan: plan as RateLimitSettings["plan"],
    ...(values.limit !== undefined ? { limit: number("limit") } : {}),
    ...(values.window !== undefined ? { window: String(values.window) as "1m" | "1h" } : {}),
    ...(values.quota !== undefined ? { monthlyQuota: values.quota === "none" ? null : number("quota") } : {}),
  };
}

const RATE_LIMIT_OPTIONS = {
  plan: { type: "string" },
  limit: { type: "string" },
  window: { type: "string" },
  quota: { type: "string" },
} as const;

function describe(key: ApiKeyView): string {
  const expiry = key.expiresAt ? `expires ${key.expiresAt.toISOString()}` : "never expires";
  const limit = `${key.rateLimitPlan.toLowerCase()}: ${describePolicy(policyOf(key))}${key.monthlyQuota ? `, ${key.monthlyQuota}/month` : ""}`;
  const from = key.allowedIps.length ? `from ${key.allowedIps.join(" ")}` : "from any address";
  return `${key.id}  ${key.hint}  ${key.name}  [${key.environment.toLowerCase()}, ${key.preset ?? key.scopes.join(" ")}, ${key.status}, ${expiry}, ${limit}, ${from}]`;
}

function summary(key: ApiKeyView) {
  const policy = policyOf(key);
  return {
    id: key.id,
    name: key.name,
    hint: key.hint,
    environment: key.environment.toLowerCase(),
    scopes: key.scopes,
    status: key.status,
    expiresAt: key.expiresAt,
    revokedAt: key.revokedAt,
    lastUsedAt: key.lastUsedAt,
    createdAt: key.createdAt,
    owner: key.owner.email,
    predecessorId: key.predecessorId,
    successorId: key.successorId,
    rateLimit: { plan: key.rateLimitPlan.toLowerCase(), limit: policy.limit, windowSeconds: policy.windowSeconds, monthlyQuota: key.monthlyQuota },
    allowedIps: key.allowedIps,
  };
}

const SHOWN_ONCE = "Store it now: Keyward keeps only a hash and cannot show it again.";

export const keysCreate: Command = {
  name: "keys create",
  summary: "Issue a key and print its secret, once.",
  usage:
    "keys create --org <slug> --name <name> [--description <text>] [--env live|test] [--preset full-access|read-only | --scopes resources:read,…] [--expires 90d|12h|2027-01-31|never] [--owner <email>] [--plan standard|pro|custom] [--limit <n> --window 1m|1h] [--quota <n>] [--allowed-ips 203.0.113.0/24,2001:db8::/32] [--json]",
  options: {
    org: { type: "string" },
    "allowed-ips": { type: "string" },
    name: { type: "string" },
    description: { type: "string" },
    env: { type: "string" },
    preset: { type: "string" },
    scopes: { type: "string" },
    expires: { type: "string" },
    owner: { type: "string" },
    ...RATE_LIMIT_OPTIONS,
  },
  async run({ values, output }) {
    const actor = await organizationActor(values.org);
    let expiresAt: Date | null;
    try {
      expiresAt = parseExpiry(String(values.expires ?? "90d"));
    } catch (error) {
      throw new UsageError(`--expires: ${(error as Error).message}`);
    }
    let ownerId: string | undefined;
    if (values.owner) {
      const owner = await getPrisma().user.findUnique({ where: { email: String(values.owner).trim().toLowerCase() }, select: { id: true } });
      if (!owner) throw new CliError(`no user with the email "${values.owner}".`);
      ownerId = owner.id;
    }
    const { apiKey, secret } = await createApiKey(actor, {
      name: String(values.name ?? ""),
      description: values.description === undefined ? null : String(values.description),
      environment: environmentFrom(values.env),
      scopes: scopesFrom(values),
      expiresAt,
      ownerId,
      rateLimit: rateLimitFrom(values),
      allowedIps: values["allowed-ips"] === undefined ? [] : String(values["allowed-ips"]),
    });
    output.result({ ...summary(apiKey), key: secret }, `${describe(apiKey)}\n\n  ${secret}\n\n${SHOWN_ONCE}`);
  },
};

export const keysList: Command = {
  name: "keys list",
  summary: "List an organization's keys (hints only, never secrets).",
  usage: "keys list --org <slug> [--env live|test] [--json]",
  options: { org: { type: "string" }, env: { type: "string" } },
  async run({ values, output }) {
    const actor = await organizationActor(values.org);
    const keys = await listApiKeys(actor, values.env ? { environment: environmentFrom(values.env) } : {});
    output.result({ keys: keys.map(summary) }, keys.length ? keys.map(describe).join("\n") : "No keys yet.");
  },
};

export const keysRevoke: Command = {
  name: "keys revoke",
  summary: "Revoke a key at once.",
  usage: "keys revoke <id> [--json]",
  options: {},
  async run({ positionals, output }) {
    const id = positionals[0];
    const key = await revokeApiKey(await keyActor(id), id!);
    output.result(summary(key), `Revoked ${describe(key)}`);
  },
};

export const keysRotate: Command = {
  name: "keys rotate",
  summary: "Issue a successor; the old key works for the grace period.",
  usage: "keys rotate <id> --grace immediately|1h|24h|7d [--json]",
  options: { grace: { type: "string" } },
  async run({ positionals, values, output }) {
    const id = positionals[0];
    const grace = GracePeriodSchema.safeParse(values.grace);
    if (!grace.success) throw new UsageError(`--grace: ${grace.error.issues[0]!.message}`);
    const { apiKey, secret, previous } = await rotateApiKey(await keyActor(id), id!, grace.data);
    const until = previous.expiresAt ? previous.expiresAt.toISOString() : "now";
    output.result(
      { ...summary(apiKey), key: secret, previous: summary(previous) },
      `${describe(apiKey)}\n\n  ${secret}\n\n${SHOWN_ONCE}\nThe old key ${previous.hint} keeps working until ${until}.`,
    );
  },
};

export const keysUpdate: Command = {
  name: "keys update",
  summary: "Change a key's rate-limit plan or monthly quota.",
  usage: "keys update <id> --plan standard|pro|custom [--limit <n> --window 1m|1h] [--quota <n>|none] [--json]",
  options: RATE_LIMIT_OPTIONS,
  async run({ positionals, values, output }) {
    const id = positionals[0];
    const settings = rateLimitFrom(values);
    if (!settings) throw new UsageError("give --plan (and --limit/--window for custom), or --quota.");
    const key = await setApiKeyRateLimit(await keyActor(id), id!, settings);
    output.result(summary(key), `Updated ${describe(key)}`);
  },
};

export const keysAllowedIps: Command = {
  name: "keys allowed-ips",
  summary: "Set the addresses and CIDR ranges a key may be used from, or clear them (any address).",
  usage: "keys allowed-ips <id> --set 203.0.113.0/24,2001:db8::/32 | --clear [--json]",
  options: { set: { type: "string" }, clear: { type: "boolean" } },
  async run({ positionals, values, output }) {
    const id = positionals[0];
    if ((values.set === undefined) === !values.clear) throw new UsageError("give --set <addresses and ranges, comma-separated> or --clear.");
    const key = await setApiKeyIpAllowlist(await keyActor(id), id!, values.clear ? [] : String(values.set));
    output.result(summary(key), `${key.hint} may now be used from ${key.allowedIps.length ? `${describeAllowlist(key.allowedIps)}: ${key.allowedIps.join(", ")}` : "any address"}.`);
  },
};

export const keysExchange: Command = {
  name: "keys exchange",
  summary: "Mint a short-lived token for a member, as POST /api/v1/auth/token-exchange would with this key (for testing).",
  usage: "keys exchange <id> --user <email or id> [--json]",
  options: { user: { type: "string" } },
  async run({ positionals, values, output }) {
    const id = positionals[0];
    if (!values.user) throw new UsageError("--user <email or id> is required.");
    await keyActor(id); // the same "no key with the id" answer as the other commands
    const verification = await verifyApiKeyById(id!);
    if (!verification.ok) throw new AppError(verification.code, `This key cannot be used: ${verification.code.replace("_", " ")}.`);
    const { key } = verification;
    if (!key.scopes.includes("tokens:exchange")) throw new ForbiddenError("insufficient_scope", "This key lacks the tokens:exchange scope.");
    const exchanged = await exchangeForToken({ key, scopes: key.scopes, userId: null }, { userId: String(values.user) });
    output.result(exchanged, `Token for ${String(values.user)} (${exchanged.scope || "no scopes"}), valid ${exchanged.expiresIn} s:\n\n  ${exchanged.token}\n`);
  },
};

/** --add <n> | --refill <n>|none | --unmetered, exactly one. */
function creditChangeFrom(values: OptionValues): CreditChange {
  const given = [values.add !== undefined, values.refill !== undefined, Boolean(values.unmetered)].filter(Boolean).length;
  if (given !== 1) throw new UsageError("give one of --add <n>, --refill <n>|none, --unmetered.");
  if (values.add !== undefined) return { action: "add", amount: Number(values.add) };
  if (values.refill !== undefined) return { action: "refill", monthlyRefill: values.refill === "none" ? null : Number(values.refill) };
  return { action: "unmetered" };
}

const CREDIT_OPTIONS = { add: { type: "string" }, refill: { type: "string" }, unmetered: { type: "boolean" } } as const;

function describeCredits(credits: CreditState, none: string): string {
  if (!credits) return none;
  return `Credits: ${credits.balance.toLocaleString("en")} left${credits.monthlyRefill ? `, refilled to ${credits.monthlyRefill.toLocaleString("en")} each month` : ""}.`;
}

export const keysCredits: Command = {
  name: "keys credits",
  summary: "Top up a key chain's prepaid credits, set a monthly refill, or stop metering it.",
  usage: "keys credits <id> --add <n> | --refill <n>|none | --unmetered [--json]",
  options: CREDIT_OPTIONS,
  async run({ positionals, values, output }) {
    const id = positionals[0];
    const change = creditChangeFrom(values);
    const credits = await changeCredits(await keyActor(id), id!, change);
    output.result({ id, credits }, describeCredits(credits, "Not metered: no credits of its own (it spends the organization's, if any)."));
  },
};

export const orgCredits: Command = {
  name: "org credits",
  summary: "Top up an organization's prepaid credits (spent by keys without their own), set a monthly refill, or stop metering.",
  usage: "org credits --org <slug> --add <n> | --refill <n>|none | --unmetered [--json]",
  options: { org: { type: "string" }, ...CREDIT_OPTIONS },
  async run({ values, output }) {
    const change = creditChangeFrom(values);
    const actor = await organizationActor(values.org);
    const credits = await changeOrganizationCredits(actor, change);
    output.result({ organization: values.org, credits }, describeCredits(credits, "Not metered: the organization has no credits."));
  },
};
