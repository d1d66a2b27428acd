import { jwksResponse } from "@/lib/tokens/jwks";

export const dynamic = "force-dynamic";

export function GET() {
  return jwksResponse();
}
