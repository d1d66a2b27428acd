import { apiRoute } from "@/lib/api/api-route";
import { readJsonBody } from "@/lib/api/read-json-body";
import type { VerifiedKey } from "@/lib/api-keys/verify-api-key";
import { fieldErrorsFrom, ValidationError } from "@/lib/errors";
import { createResource, deleteResource, getResource, listResources, updateResource, type ResourceScope } from "@/lib/resources/resources";
import { respond } from "@/lib/api/respond";
import {
  ListResourcesQuerySchema,
  ResourceDeletedSchema,
  ResourceInputSchema,
  ResourceListSchema,
  ResourceOutputSchema,
  ResourcePatchSchema,
  ResourceReplaceSchema,
} from "@/lib/resources/schemas";

/** A key reaches its own organization's resources in its own environment, nothing else. */
function scopeOf(key: VerifiedKey): ResourceScope {
  return { organizationId: key.organizationId, environment: key.environment };
}

/** /api/v1/resources */
export const resourceCollectionRoute = apiRoute({ route: "/api/v1/resources", resource: "resources" }, {
  async GET(request, { key }) {
    const query = ListResourcesQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) throw new ValidationError(fieldErrorsFrom(query.error.issues), "The query parameters are not valid.");
    return respond(ResourceListSchema, await listResources(scopeOf(key), query.data));
  },
  async POST(request, { key, caller }) {
    const input = await readJsonBody(request, ResourceInputSchema);
    const resource = await createResource(scopeOf(key), input, { apiKeyId: key.id, userId: caller.userId });
    return respond(ResourceOutputSchema, resource, { status: 201, headers: { Location: `/api/v1/resources/${resource.id}` } });
  },
});

/** /api/v1/resources/{id} */
export const resourceItemRoute = apiRoute<{ id: string }>({ route: "/api/v1/resources/{id}", resource: "resources" }, {
  async GET(_request, { key, params }) {
    return respond(ResourceOutputSchema, await getResource(scopeOf(key), params.id));
  },
  async PUT(request, { key, params }) {
    const replacement = await readJsonBody(request, ResourceReplaceSchema);
    return respond(ResourceOutputSchema, await updateResource(scopeOf(key), params.id, replacement));
  },
  async PATCH(request, { key, params }) {
    const patch = await readJsonBody(request, ResourcePatchSchema);
    return respond(ResourceOutputSchema, await updateResource(scopeOf(key), params.id, patch));
  },
  async DELETE(_request, { key, params }) {
    await deleteResource(scopeOf(key), params.id);
    // 200 with a body rather than 204: clients that read every answer as JSON work here too (as with Stripe).
    return respond(ResourceDeletedSchema, { id: params.id, deleted: true });
  },
});
