import { usageRoute } from "@/lib/api/v1/usage";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = usageRoute;
