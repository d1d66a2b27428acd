// `keyward scan <path…> [--git] [--revoke]`: finds Keyward keys in files,
// folders, or a repository's history, and says of each whether it still
// works and whose it is, never the secret. Exits 1 when a working key was
// found (so a pre-commit hook or a CI step fails), 0 otherwise.
import { revokeApiKey } from "@/lib/api-keys/change-api-key";
import { serverEnv } from "@/lib/env";
import { keyState } from "@/lib/api-keys/key-view";
import { findKeysBySecrets } from "@/lib/leaks/find-key-by-secret";
import { describeLocation, scanGitHistory, scanPaths, type Finding, type KeyLocation } from "@/lib/leaks/scan-sources";
import { keyHint } from "@/lib/api-keys/key-format";
import { CliError, UsageError } from "../output";
import type { Command } from "../command";

type Status = "active" | "revoked" | "expired" | "unknown key";

type Reported = {
  location: KeyLocation;
  hint: string;
  status: Status;
  /** Revoked by this run's --revoke. */
  revokedNow: boolean;
  key: { id: string; name: string; environment: string; organization: { slug: string; name: string } } | null;
};

export const scan: Command = {
  name: "scan",
  summary: "Find Keyward keys in files, folders or git history (--git); exit 1 if a working one is found.",
  usage: "scan <path…> [--git] [--revoke] [--json]",
  options: { git: { type: "boolean" }, revoke: { type: "boolean" } },
  async run({ values, positionals, output }) {
    if (positionals.length === 0) throw new UsageError("give at least one file, folder or (with --git) repository.");
    const prefix = serverEnv().KEY_PREFIX;
    const findings: Finding[] = [];
    for (const target of positionals) {
      if (values.git) findings.push(...(await scanGitHistory(target, prefix).catch((error: Error) => Promise.reject(new CliError(error.message)))));
      else findings.push(...(await scanPaths([target], prefix, (skipped) => output.info(`skipped ${skipped.path} (${skipped.reason})`))));
    }

    // One look-up for every distinct secret, however often each appears.
    const keys = await findKeysBySecrets(findings.map((finding) => finding.secret));
    const revoked = new Set<string>();
    /** Distinct keys that worked when found: the exit code's reason. */
    const working = new Set<string>();
    const reported: Reported[] = [];
    for (const finding of findings) {
      const key = keys.get(finding.secret) ?? null;
      const status: Status = key ? keyState(key) : "unknown key";
      if (key && status === "active") working.add(key.id);
      if (key && status === "active" && values.revoke && !revoked.has(key.id)) {
        // Where it was first found is the reason; later sightings of the same key say so too.
        await revokeApiKey({ type: "operator", organizationId: key.organizationId }, key.id, {
          reason: `found by keyward scan in ${describeLocation(finding.location)}`,
        });
        revoked.add(key.id);
      }
      const revokedNow = key !== null && revoked.has(key.id);
      reported.push({
        location: finding.location,
        hint: keyHint(finding.secret),
        status,
        revokedNow,
        key: key ? { id: key.id, name: key.name, environment: key.environment.toLowerCase(), organization: key.organization } : null,
      });
    }

    const lines = reported.map(
      (r) =>
        `${describeLocation(r.location)}  ${r.hint}  ${r.status}${r.revokedNow ? " (revoked now)" : ""}` +
        (r.key ? `  ${r.key.organization.slug} / ${r.key.name} (${r.key.environment})` : ""),
    );
    const verdict =
      working.size === 0
        ? reported.length === 0
          ? "No Keyward keys found."
          : `${reported.length} key${reported.length === 1 ? "" : "s"} found, none working.`
        : `${working.size} working key${working.size === 1 ? "" : "s"} found${values.revoke ? " and revoked" : ": revoke and replace them (or run again with --revoke)"}.`;
    output.result({ findings: reported, working: working.size }, [...lines, verdict].join("\n"));
    return working.size > 0 ? 1 : 0;
  },
};
