// The one public route under /api/v1: the API's own description (issue 11).
// The route-walk test (tests/integration/api-routes.test.ts) allows it by name.
import { openApiRoute } from "@/lib/api/openapi-route";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = openApiRoute();
