// Any /api/v1 path without a route of its own: an authenticated JSON 404.
import { notFoundRoute } from "@/lib/api/api-route";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = notFoundRoute();
