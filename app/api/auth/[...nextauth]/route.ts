import NextAuth from "next-auth";
import { handleAuthRequest } from "@/lib/auth/auth-route";
import { authOptions } from "@/lib/auth/options";

export const dynamic = "force-dynamic";

function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  return handleAuthRequest(request, () => NextAuth(authOptions())(request, context));
}

export { handler as GET, handler as POST };
