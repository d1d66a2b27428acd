// Leaked keys (issue 14), on real PostgreSQL: GitHub's secret scanning
// reports (the endpoint's logic, called with real Requests signed by a key
// pair of the test's own, as GitHub signs), and `keyward scan` over real
// files, folders and a real git repository.
import { execFileSync } from "node:child_process";
import { generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { generateApiKey } from "@/lib/api-keys/key-format";
import { verifyApiKey } from "@/lib/api-keys/verify-api-key";
import { runCli } from "@/lib/cli/run-cli";
import { getPrisma } from "@/lib/db/prisma";
import { MAX_TOKENS_PER_REPORT, secretScanningResponse, type SecretScanningSettings } from "@/lib/leaks/secret-scanning-endpoint";
import { stopServices } from "@/lib/runtime/services";
import { keyLeakNotice, listKeyLeakReports, listRecentLeakRevocations, listUnresolvedLeaks } from "@/lib/leaks/leak-notices";
import { readLeakPolicy, updateLeakPolicy } from "@/lib/leaks/leak-policy";
import { addMember, createOrganizationActor, issueKey } from "../support/factories";
import type { CommandResult } from "../support/run-command";
import { useTestDatabase } from "../support/test-database";

await useTestDatabase();
afterAll(() => stopServices());

/** The same key with its last checksum character changed: the right shape, a wrong CRC. */
function withWrongChecksum(key: string) {
  return key.slice(0, -1) + (key.endsWith("A") ? "B" : "A");
}

// --- GitHub's side: a key pair, its published JSON, and signed reports -------

function keyPair(identifier: string) {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { identifier, privateKey, published: { key_identifier: identifier, key: publicKey.export({ type: "spki", format: "pem" }).toString(), is_current: true } };
}
const github = keyPair("test-github-key-1");
const stranger = keyPair("test-github-key-1"); // same identifier, a key GitHub never published
const settings: SecretScanningSettings = { inline: { public_keys: [github.published] } };

function signed(body: string, key: KeyObject = github.privateKey, identifier = github.identifier): Request {
  const signature = sign("sha256", Buffer.from(body), { key, dsaEncoding: "der" }).toString("base64");
  return new Request("http://localhost/api/secret-scanning/report", {
    method: "POST",
    headers: { "Content-Type": "application/json", "Github-Public-Key-Identifier": identifier, "Github-Public-Key-Signature": signature },
    body,
  });
}

const report = (tokens: string[], url = "https://github.com/octo/repo/blob/abc/config.js") =>
  JSON.stringify(tokens.map((token) => ({ token, type: "keyward_api_key", url, source: "content" })));

async function post(request: Request) {
  const response = await secretScanningResponse(request, settings);
  return { status: response.status, body: await response.json() };
}

async function countEvents(keyId: string) {
  const rows = await getPrisma().$queryRawUnsafe<{ count: bigint }[]>(
    `SELECT count(*) AS count FROM pgboss.job WHERE name = 'events' AND data->>'type' = 'key.leaked' AND data->'data'->'key'->>'id' = $1`,
    keyId,
  );
  return Number(rows[0]!.count);
}

async function auditOf(keyId: string) {
  return getPrisma().auditEvent.findMany({ where: { targetId: keyId }, orderBy: { createdAt: "asc" }, select: { action: true, actorLabel: true, metadata: true } });
}

/** With the database unreachable: what answers without one never touched it. */
async function withoutDatabase<T>(run: () => Promise<T>): Promise<T> {
  const url = process.env.DATABASE_URL;
  await stopServices(["prisma"]);
  process.env.DATABASE_URL = "postgresql://postgres@127.0.0.1:1/nowhere";
  try {
    return await run();
  } finally {
    await stopServices(["prisma"]);
    process.env.DATABASE_URL = url;
  }
}

describe("POST /api/secret-scanning/report", () => {
  test("a working key reported leaked is revoked at once (the default policy), with an audit event, a report and a key.leaked event", async () => {
    const { actor } = await createOrganizationActor("Leaky");
    const { apiKey, secret } = await issueKey(actor, { environment: "LIVE", scopes: ["resources:read"] });
    const answer = await post(signed(report([secret])));
    expect(answer).toEqual({ status: 200, body: [{ token_raw: secret, token_type: "keyward_api_key", label: "true_positive" }] });

    expect(await verifyApiKey(secret)).toMatchObject({ ok: false, code: "revoked_key" });
    const audit = await auditOf(apiKey.id);
    expect(audit.map((e) => e.action)).toEqual(["api_key.created", "api_key.revoked", "api_key.leaked"]);
    expect(audit[1]).toMatchObject({ actorLabel: "GitHub secret scanning", metadata: { reason: "reported leaked at https://github.com/octo/repo/blob/abc/config.js" } });
    expect(audit[2]!.metadata).toMatchObject({ url: "https://github.com/octo/repo/blob/abc/config.js", source: "content", action: "revoked" });
    expect(await getPrisma().leakReport.findMany({ where: { apiKeyId: apiKey.id }, select: { action: true, url: true } })).toEqual([
      { action: "REVOKED", url: "https://github.com/octo/repo/blob/abc/config.js" },
    ]);
    expect(await countEvents(apiKey.id)).toBe(1);
    // Nothing stored anywhere holds the secret.
    expect(JSON.stringify(audit)).not.toContain(secret);
  });

  test("a replayed report changes nothing: no second revoke, audit event, report or event", async () => {
    const { actor } = await createOrganizationActor("Replayed");
    const { apiKey, secret } = await issueKey(actor, { environment: "LIVE", scopes: ["resources:read"] });
    const request = () => signed(report([secret, secret]));
    expect((await post(request())).body.map((a: { label: string }) => a.label)).toEqual(["true_positive", "true_positive"]);
    const before = { audit: await auditOf(apiKey.id), events: await countEvents(apiKey.id) };
    expect((await post(request())).status).toBe(200);
    expect(await auditOf(apiKey.id)).toEqual(before.audit);
    expect(await countEvents(apiKey.id)).toBe(before.events);
    expect(await getPrisma().leakReport.count({ where: { apiKeyId: apiKey.id } })).toBe(1);
  });

  test("the same report arriving twice at once (a retry racing the original) acts once", async () => {
    const { actor } = await createOrganizationActor("Racing");
    const { apiKey, secret } = await issueKey(actor, { environment: "LIVE", scopes: ["resources:read"] });
    const answers = await Promise.all([post(signed(report([secret]))), post(signed(report([secret])))]);
    expect(answers.map((a) => [a.status, a.body[0].label])).toEqual([
      [200, "true_positive"],
      [200, "true_positive"],
    ]);
    expect((await auditOf(apiKey.id)).map((e) => e.action)).toEqual(["api_key.created", "api_key.revoked", "api_key.leaked"]);
    expect(await countEvents(apiKey.id)).toBe(1);
  });

  test("with the flag policy the key keeps working, and is recorded as flagged", async () => {
    const { actor, organization } = await createOrganizationActor("Flagger");
    await getPrisma().organization.update({ where: { id: organization.id }, data: { leakPolicy: "FLAG" } });
    const { apiKey, secret } = await issueKey(actor, { environment: "LIVE", scopes: ["resources:read"] });
    expect((await post(signed(report([secret])))).body[0].label).toBe("true_positive");
    expect(await verifyApiKey(secret)).toMatchObject({ ok: true });
    expect((await auditOf(apiKey.id)).map((e) => e.action)).toEqual(["api_key.created", "api_key.leaked"]);
    expect((await getPrisma().leakReport.findFirstOrThrow({ where: { apiKeyId: apiKey.id } })).action).toBe("FLAGGED");
    expect(await countEvents(apiKey.id)).toBe(1);
  });

  test("a key already revoked is a true positive, recorded, and not acted on again", async () => {
    const { actor } = await createOrganizationActor("Revoked");
    const { apiKey, secret } = await issueKey(actor);
    const { revokeApiKey } = await import("@/lib/api-keys/change-api-key");
    await revokeApiKey(actor, apiKey.id);
    expect((await post(signed(report([secret])))).body[0].label).toBe("true_positive");
    expect((await auditOf(apiKey.id)).map((e) => e.action)).toEqual(["api_key.created", "api_key.revoked"]);
    expect((await getPrisma().leakReport.findFirstOrThrow({ where: { apiKeyId: apiKey.id } })).action).toBe("NONE");
    expect(await countEvents(apiKey.id)).toBe(0);
  });

  test("look-alikes (bad checksum, another prefix, made up) are false positives, answered without touching the database", async () => {
    const real = generateApiKey("kw", "LIVE");
    const badChecksum = withWrongChecksum(real);
    const otherPrefix = generateApiKey("acme", "LIVE");
    const unknown = generateApiKey("kw", "TEST"); // well-formed, but no such key: needs a look-up
    const answer = await withoutDatabase(() => post(signed(report([badChecksum, otherPrefix, "kw_live_nope"]))));
    expect(answer).toEqual({
      status: 200,
      body: [badChecksum, otherPrefix, "kw_live_nope"].map((token) => ({ token_raw: token, token_type: "keyward_api_key", label: "false_positive" })),
    });
    expect((await post(signed(report([unknown])))).body[0].label).toBe("false_positive");
  });

  test("a bad signature, a key GitHub never published, or none at all: 401, before the database", async () => {
    const { actor } = await createOrganizationActor("Forged");
    const { apiKey, secret } = await issueKey(actor, { environment: "LIVE", scopes: ["resources:read"] });
    const body = report([secret]);
    const tampered = signed(body);
    const forged = new Request(tampered.url, { method: "POST", headers: tampered.headers, body: body.replace("config.js", "other.js") });
    const answers = await withoutDatabase(async () => [
      await post(forged),
      await post(signed(body, stranger.privateKey)),
      await post(signed(body, github.privateKey, "some-other-identifier")),
      await post(new Request(tampered.url, { method: "POST", body })),
      await post(new Request(tampered.url, { method: "POST", headers: { "Github-Public-Key-Identifier": github.identifier, "Github-Public-Key-Signature": "bm90IGEgc2lnbmF0dXJl" }, body })),
    ]);
    for (const answer of answers) expect(answer).toMatchObject({ status: 401, body: { code: "invalid_token" } });
    expect(await verifyApiKey(secret)).toMatchObject({ ok: true });
    expect(await getPrisma().leakReport.count({ where: { apiKeyId: apiKey.id } })).toBe(0);
  });

  test("an oversized body is 413, and a malformed one (signed) is 400", async () => {
    const huge = JSON.stringify([{ token: "x", type: "t", url: "u", source: "s", padding: "x".repeat(1024 * 1024) }]);
    expect((await post(signed(huge))).status).toBe(413);
    for (const body of ["{not json", "{}", "[]", JSON.stringify([{ token: "x" }]), JSON.stringify(Array.from({ length: MAX_TOKENS_PER_REPORT + 1 }, () => ({ token: "x", type: "t", url: "u" })))]) {
      expect((await post(signed(body))).status, body.slice(0, 40)).toBe(400);
    }
  });

  test("with no keys configured the endpoint is off (404)", async () => {
    const response = await secretScanningResponse(signed(report(["x"])), {});
    expect(response.status).toBe(404);
  });

  test("keys load from a file in GitHub's published format, so a refreshed file needs no restart", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "keyward-gh-keys-"));
    const file = path.join(dir, "keys.json");
    writeFileSync(file, JSON.stringify({ public_keys: [github.published] }));
    const answer = await secretScanningResponse(signed(report(["kw_live_nope"])), { file });
    expect(answer.status).toBe(200);
    rmSync(dir, { recursive: true });
  });
});

describe("the leak policy and what the dashboard shows", () => {
  test("owners and admins set it (audited, and saving the same choice logs nothing); members cannot", async () => {
    const { user, organization } = await createOrganizationActor("Policy");
    const owner = { organizationId: organization.id, userId: user.id, email: user.email, ip: null };
    const member = await addMember(organization.id, "MEMBER");
    await expect(updateLeakPolicy({ organizationId: organization.id, userId: member.id, email: member.email, ip: null }, "FLAG")).rejects.toMatchObject({ code: "insufficient_role" });
    await expect(updateLeakPolicy(owner, "IGNORE")).rejects.toMatchObject({ code: "validation_failed", fields: { leakPolicy: [expect.any(String)] } });
    expect(await readLeakPolicy(organization.id)).toBe("REVOKE");
    await updateLeakPolicy(owner, "FLAG");
    await updateLeakPolicy(owner, "FLAG");
    expect(await readLeakPolicy(organization.id)).toBe("FLAG");
    const events = await getPrisma().auditEvent.findMany({ where: { organizationId: organization.id, action: "organization.leak_policy_changed" }, select: { metadata: true } });
    expect(events).toEqual([{ metadata: { before: "REVOKE", after: "FLAG" } }]);
  });

  test("a flagged key shows a banner, and Review keys lists it, until it is rotated; a key revoked for a leak says why", async () => {
    const { actor, organization } = await createOrganizationActor("Banners");
    await getPrisma().organization.update({ where: { id: organization.id }, data: { leakPolicy: "FLAG" } });
    const { apiKey, secret } = await issueKey(actor, { environment: "LIVE", scopes: ["resources:read"] });
    await post(signed(report([secret], "https://github.com/octo/one")));
    await post(signed(report([secret], "https://github.com/octo/two")));
    const reports = await listKeyLeakReports(organization.id, apiKey.id);
    expect(reports.map((r) => r.url)).toEqual(["https://github.com/octo/two", "https://github.com/octo/one"]);
    expect(keyLeakNotice("active", reports)).toMatchObject({ kind: "flagged", count: 2, report: { url: "https://github.com/octo/two" } });
    expect((await listUnresolvedLeaks(organization.id)).map((l) => l.keyId)).toEqual([apiKey.id]);
    // Another organization sees none of it.
    const other = await createOrganizationActor("Elsewhere");
    expect(await listUnresolvedLeaks(other.organization.id)).toEqual([]);
    expect(await listKeyLeakReports(other.organization.id, apiKey.id)).toEqual([]);

    const { rotateApiKey } = await import("@/lib/api-keys/change-api-key");
    await rotateApiKey(actor, apiKey.id, "1h");
    expect(await listUnresolvedLeaks(organization.id)).toEqual([]);
    expect(keyLeakNotice("rotating_out", reports)).toBeNull();

    await getPrisma().organization.update({ where: { id: organization.id }, data: { leakPolicy: "REVOKE" } });
    const second = await issueKey(actor, { environment: "LIVE", scopes: ["resources:read"] });
    await post(signed(report([second.secret], "https://gist.github.com/octo/abc")));
    expect(keyLeakNotice("revoked", await listKeyLeakReports(organization.id, second.apiKey.id))).toMatchObject({ kind: "revoked", report: { url: "https://gist.github.com/octo/abc" } });
    expect((await listRecentLeakRevocations(organization.id)).map((l) => l.keyId)).toEqual([second.apiKey.id]);
    expect(await listRecentLeakRevocations(organization.id, new Date(Date.now() + 8 * 24 * 60 * 60 * 1000))).toEqual([]);
    expect(await listRecentLeakRevocations(other.organization.id)).toEqual([]);
  });
});

// --- keyward scan ------------------------------------------------------------

async function keyward(args: string[]): Promise<CommandResult> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, { stdout: (l) => (stdout += `${l}\n`), stderr: (l) => (stderr += `${l}\n`), readStdin: async () => "" });
  return { code, stdout, stderr };
}

function git(cwd: string, ...args: string[]) {
  return execFileSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.test", "-c", "commit.gpgsign=false", ...args], { cwd, encoding: "utf8" });
}

describe("keyward scan", () => {
  let dir: string;
  let working: { id: string; secret: string };
  let revoked: { id: string; secret: string };
  let slug: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "keyward-scan-"));
    const { actor, organization } = await createOrganizationActor("Scanner");
    slug = organization.slug;
    const a = await issueKey(actor, { name: "deploy bot", environment: "LIVE", scopes: ["resources:read"] });
    const b = await issueKey(actor, { name: "old", environment: "TEST" });
    const { revokeApiKey } = await import("@/lib/api-keys/change-api-key");
    await revokeApiKey(actor, b.apiKey.id);
    working = { id: a.apiKey.id, secret: a.secret };
    revoked = { id: b.apiKey.id, secret: b.secret };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("finds keys in a folder, says what each is (never the secret), and exits 1 for a working one", async () => {
    const project = path.join(dir, "project");
    mkdirSync(path.join(project, "src"), { recursive: true });
    mkdirSync(path.join(project, "node_modules", "dep"), { recursive: true });
    writeFileSync(path.join(project, "src", "config.js"), `// config\nconst key = "${working.secret}";\n`);
    writeFileSync(path.join(project, ".env"), `OLD_KEY=${revoked.secret}\nFAKE=${withWrongChecksum(working.secret)}\nOTHER=${generateApiKey("kw", "TEST")}\n`);
    writeFileSync(path.join(project, "node_modules", "dep", "index.js"), working.secret);
    writeFileSync(path.join(project, "image.bin"), Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(working.secret)]));
    const result = await keyward(["scan", project]);
    expect(result.code).toBe(1);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(new RegExp(`\\.env:1  kw_test_\\S+  revoked  ${slug} / old \\(test\\)$`));
    expect(lines[1]).toMatch(/\.env:3  kw_test_\S+  unknown key$/);
    expect(lines[2]).toMatch(new RegExp(`src/config\\.js:2  kw_live_\\S+  active  ${slug} / deploy bot \\(live\\)$`));
    expect(lines[3]).toBe("1 working key found: revoke and replace them (or run again with --revoke).");
    expect(result.stderr).toContain("image.bin (binary)");
    expect(result.stdout + result.stderr).not.toContain(working.secret);
    expect(result.stdout + result.stderr).not.toContain(revoked.secret);
  });

  test("exits 0 when no key found works, and --json gives one document", async () => {
    const clean = path.join(dir, "clean");
    mkdirSync(clean);
    writeFileSync(path.join(clean, "a.txt"), `${revoked.secret}\n`);
    const result = await keyward(["scan", clean, "--json"]);
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out).toMatchObject({ working: 0, findings: [{ status: "revoked", location: { line: 1, column: 1 }, key: { id: revoked.id, organization: { slug } } }] });
    expect(result.stdout).not.toContain(revoked.secret);
  });

  test("--git finds a key committed and deleted later, on any branch, at the commit that added it", async () => {
    const repo = path.join(dir, "repo");
    mkdirSync(repo);
    git(repo, "init", "-q", "-b", "main");
    writeFileSync(path.join(repo, "README.md"), "# app\n");
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", "start");
    writeFileSync(path.join(repo, "settings.py"), `DEBUG = True\nAPI_KEY = "${working.secret}"\n`);
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", "add key");
    const added = git(repo, "rev-parse", "HEAD").trim();
    rmSync(path.join(repo, "settings.py"));
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", "oops, remove key");
    // Nothing in the working tree now.
    expect((await keyward(["scan", repo])).code).toBe(0);

    const result = await keyward(["scan", "--git", repo, "--json"]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).findings).toEqual([
      expect.objectContaining({ status: "active", location: { commit: added, path: "settings.py", line: 2, column: 12 }, key: expect.objectContaining({ id: working.id }) }),
    ]);
    expect(result.stdout).not.toContain(working.secret);
  });

  test("--revoke revokes the working keys it finds, with where in the audit reason", async () => {
    const { actor } = await createOrganizationActor("Revoker");
    const { apiKey, secret } = await issueKey(actor, { environment: "LIVE", scopes: ["resources:read"] });
    const folder = path.join(dir, "to-revoke");
    mkdirSync(folder);
    writeFileSync(path.join(folder, "ci.yml"), `env:\n  KEY: ${secret}\n  AGAIN: ${secret}\n`);
    const result = await keyward(["scan", folder, "--revoke"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("active (revoked now)");
    expect(result.stdout).toContain("1 working key found and revoked.");
    expect(await verifyApiKey(secret)).toMatchObject({ ok: false, code: "revoked_key" });
    const audit = await auditOf(apiKey.id);
    expect(audit.filter((e) => e.action === "api_key.revoked")).toEqual([
      { action: "api_key.revoked", actorLabel: "operator (CLI)", metadata: expect.objectContaining({ reason: `found by keyward scan in ${path.join(folder, "ci.yml")}:2` }) },
    ]);
    // Run again: nothing works any more.
    expect((await keyward(["scan", folder])).code).toBe(0);
  });

  test("does not follow symbolic links out of the folder, skips files over 5 MB (and says so), and a non-repository with --git is an error", async () => {
    const outside = path.join(dir, "outside");
    const inside = path.join(dir, "inside");
    mkdirSync(outside);
    mkdirSync(inside);
    writeFileSync(path.join(outside, "secret.txt"), working.secret);
    symlinkSync(outside, path.join(inside, "link-out"));
    symlinkSync(inside, path.join(inside, "loop"));
    writeFileSync(path.join(inside, "huge.log"), `${"x".repeat(5 * 1024 * 1024)}\n${working.secret}\n`);
    const result = await keyward(["scan", inside]);
    expect(result).toMatchObject({ code: 0, stdout: "No Keyward keys found.\n" });
    expect(result.stderr).toContain("huge.log (too large)");

    const notRepo = await keyward(["scan", "--git", outside]);
    expect(notRepo.code).toBe(1);
    expect(notRepo.stderr).toMatch(/^error: git log failed in .*outside: .*not a git repository/m);
  });

  test("without a path it is a usage error (2)", async () => {
    expect((await keyward(["scan"])).code).toBe(2);
  });
});
