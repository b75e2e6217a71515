// `npm run openapi`: writes openapi/openapi.json from the route declarations (the typed
// client is then regenerated from it by the openapi workspace).
import { writeFileSync } from 'node:fs';
import { OPENAPI_PATH, buildOpenApiDocument, serializeDocument } from '../src/openapi-document.ts';

writeFileSync(OPENAPI_PATH, serializeDocument(buildOpenApiDocument()));
console.log(`wrote ${OPENAPI_PATH}`);
