import { apiReferencePage } from "@/lib/docs/api-reference";

export const dynamic = "force-dynamic";

export function GET(request: Request) {
  return apiReferencePage(request);
}
