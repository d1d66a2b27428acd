import { resourceCollectionRoute } from "@/lib/api/v1/resources";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = resourceCollectionRoute;
