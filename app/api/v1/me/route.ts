import { meRoute } from "@/lib/api/v1/me";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = meRoute;
