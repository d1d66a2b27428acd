// /docs/api: the interactive API reference, Swagger UI (swagger-ui-dist from
// npm, served from this server: no CDN) rendering /api/v1/openapi.json.
// Public, like the document: API consumers read it before they have a
// dashboard account. Its scripts carry the page's CSP nonce
// (lib/server/security-headers.ts), so the policy stays as strict as the
// dashboard's.
import { readFile } from "node:fs/promises";
import path from "node:path";

/** The only files served from swagger-ui-dist, with their types. */
const ASSETS: Record<string, string> = {
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "swagger-ui.css": "text/css; charset=utf-8",
};

export function apiReferencePage(request: Request): Response {
  const nonce = /'nonce-([^']+)'/.exec(request.headers.get("content-security-policy") ?? "")?.[1] ?? "";
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Keyward API reference</title>
<link rel="stylesheet" href="/docs/api/assets/swagger-ui.css">
</head>
<body>
<noscript><p style="font-family: sans-serif; margin: 2rem">The interactive reference needs JavaScript. The API's description is at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p></noscript>
<div id="reference"></div>
<script nonce="${nonce}" src="/docs/api/assets/swagger-ui-bundle.js"></script>
<script nonce="${nonce}">
  window.ui = SwaggerUIBundle({ url: "/api/v1/openapi.json", dom_id: "#reference", deepLinking: true, persistAuthorization: false, displayOperationId: false });
</script>
</body>
</html>`;
  return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}

export async function apiReferenceAsset(file: string): Promise<Response> {
  const type = ASSETS[file];
  if (!type) return new Response("Not found.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const body = await readFile(path.join(process.cwd(), "node_modules", "swagger-ui-dist", file));
  return new Response(new Uint8Array(body), { headers: { "Content-Type": type, "Cache-Control": "public, max-age=86400" } });
}
