import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Express } from 'express';

const dist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** What `/docs` loads besides itself, each from this service (no CDN). */
export const API_DOCS_ASSETS: readonly string[] = [
  '/docs/swagger-ui.css',
  '/docs/swagger-ui-bundle.js',
  '/docs/init.js',
];

// A file, not an inline script: helmet's Content-Security-Policy allows scripts from 'self' only.
// No validator: Swagger UI would send the document to validator.swagger.io.
const INIT = `SwaggerUIBundle({
  url: document.getElementById('api').dataset.url,
  dom_id: '#api',
  validatorUrl: null,
  deepLinking: true,
});
`;

const page = (service: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>commerce-sync ${service} API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="api" data-url="/openapi.json"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

/**
 * `GET /docs`: the service's OpenAPI document as a readable page (Swagger UI from the
 * swagger-ui-dist package, served from node_modules), reading `/openapi.json`.
 */
export function mountApiDocs(app: Express, service: string): void {
  const html = page(service);
  app.get('/docs', (_req, res) => {
    res.type('html').send(html);
  });
  app.get('/docs/init.js', (_req, res) => {
    res.type('text/javascript').send(INIT);
  });
  // Two named files of a pinned package, not its directory served to whoever asks.
  for (const name of ['swagger-ui.css', 'swagger-ui-bundle.js']) {
    app.get(`/docs/${name}`, (_req, res, next) => {
      res.sendFile(join(dist, name), { maxAge: '1d' }, (err) => err && next(err));
    });
  }
}
