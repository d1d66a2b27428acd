import { tokenExchangeRoute } from "@/lib/api/v1/token-exchange";

export const { GET, HEAD, POST, PUT, PATCH, DELETE } = tokenExchangeRoute;
