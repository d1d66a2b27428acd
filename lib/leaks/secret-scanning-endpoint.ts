// POST /api/secret-scanning/report: GitHub's secret scanning partner
// protocol. GitHub finds a Keyward key in a public repository (or gist, npm
// package…) and posts [{ token, type, url, source }]; we answer each token
// with true_positive (one of our keys, whatever its state) or false_positive,
// and act on the working ones by the organization's leak policy
// (report-leaked-key.ts).
//
// The order is fixed, and nothing reaches the database before the signature
// is checked: off (404) without configured keys; the body read with a cap
// (413); the signature over its exact bytes (401); its shape (400).
import "server-only";
import { z } from "zod";
import { errorResponse } from "@/lib/api/error-response";
import { MAX_BODY_BYTES, readBodyBytes } from "@/lib/api/read-json-body";
import { BadRequestError, fieldErrorsFrom, NotFoundError, UnauthorizedError, ValidationError } from "@/lib/errors";
import type { GitHubPublicKeys } from "./github-public-keys";
import { configuredVerifyingKeys, isSignedByGitHub } from "./github-public-keys";
import { reportLeakedKeys } from "./report-leaked-key";

/** More tokens than GitHub sends at once: each costs a look-up, so a report has a ceiling. */
export const MAX_TOKENS_PER_REPORT = 1_000;

export const SecretScanningReportSchema = z
  .array(
    z.object({
      token: z.string().max(1_000),
      type: z.string().max(200),
      url: z.string().min(1).max(4_096),
      // Older payloads had no source.
      source: z.string().max(200).default("unknown"),
    }),
  )
  .min(1)
  .max(MAX_TOKENS_PER_REPORT);

export const SecretScanningAnswerSchema = z.array(
  z.object({ token_raw: z.string(), token_type: z.string(), label: z.enum(["true_positive", "false_positive"]) }),
);

const REPORTER = { type: "system", label: "GitHub secret scanning" } as const;

export type SecretScanningSettings = { inline?: GitHubPublicKeys; file?: string };

export async function secretScanningResponse(request: Request, settings: SecretScanningSettings): Promise<Response> {
  const requestId = crypto.randomUUID();
  try {
    const keys = configuredVerifyingKeys(settings);
    if (!keys) throw new NotFoundError();
    const body = await readBodyBytes(request, MAX_BODY_BYTES);
    const signed = isSignedByGitHub(keys, request.headers.get("github-public-key-identifier"), request.headers.get("github-public-key-signature"), body);
    if (!signed) throw new UnauthorizedError("invalid_token", "The report's signature does not verify against a configured GitHub secret scanning key.");
    const report = parseReport(body);
    const outcomes = await reportLeakedKeys(report, REPORTER);
    const answers = report.map((item, i) => ({ token_raw: item.token, token_type: item.type, label: outcomes[i]!.known ? "true_positive" : "false_positive" }));
    return Response.json(SecretScanningAnswerSchema.parse(answers), { headers: { "Cache-Control": "no-store", "X-Request-Id": requestId } });
  } catch (error) {
    return errorResponse(error, requestId);
  }
}

function parseReport(body: Buffer): z.infer<typeof SecretScanningReportSchema> {
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    throw new BadRequestError("invalid_json", "The report is not valid JSON.");
  }
  const parsed = SecretScanningReportSchema.safeParse(value);
  if (!parsed.success) throw new ValidationError(fieldErrorsFrom(parsed.error.issues), `The report must be a JSON array of 1 to ${MAX_TOKENS_PER_REPORT} { token, type, url, source } objects.`);
  return parsed.data;
}
