import { apiReferenceAsset } from "@/lib/docs/api-reference";

export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  return apiReferenceAsset((await params).file);
}
