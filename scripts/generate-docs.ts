// `npm run docs:generate`: rewrites what is generated from the API's own
// definitions, after changing an API schema or the client snippets:
// - tests/contract/keyward-api.d.ts, the typed client's types (openapi-typescript);
// - the README's client snippets (lib/docs/readme-snippets.ts);
// - the README's gitleaks and trufflehog rules (lib/leaks/scanner-rules.ts).
// Tests fail when either is not what the current code generates.
import { readFileSync, writeFileSync } from "node:fs";
import { withReadmeSnippets } from "../lib/docs/readme-snippets";
import { withReadmeScannerRules } from "../lib/leaks/scanner-rules";
import { API_TYPES_FILE, generateApiTypes } from "../tests/contract/generate-api-types";

writeFileSync(API_TYPES_FILE, await generateApiTypes());
writeFileSync("README.md", withReadmeScannerRules(withReadmeSnippets(readFileSync("README.md", "utf8"))));
console.log(`Wrote ${API_TYPES_FILE}, and README.md's client snippets and scanner rules.`);
