import { serverEnv } from "@/lib/env";
import { secretScanningResponse } from "@/lib/leaks/secret-scanning-endpoint";

// Every report is read and acted on afresh, never prerendered or cached.
export const dynamic = "force-dynamic";

export function POST(request: Request) {
  const env = serverEnv();
  return secretScanningResponse(request, { inline: env.KEYWARD_SECRET_SCANNING_KEYS, file: env.KEYWARD_SECRET_SCANNING_KEYS_FILE });
}
