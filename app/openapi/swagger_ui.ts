import { createRequire } from 'node:module'
import { join } from 'node:path'

/*
 * swagger-ui-dist is CommonJS and ships no types; its main file loads the
 * 1.5 MB browser bundle, so only its path helper is required here.
 */
const require = createRequire(import.meta.url)
const getAbsoluteFSPath = require('swagger-ui-dist/absolute-path.js') as () => string

export const SPEC_URL = '/api/openapi.json'
export const ASSETS_URL = '/api/docs/assets'

/** The only files /api/docs/assets/:file serves; any other name is a 404. */
const ASSETS = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png', 'favicon-16x16.png'])

/** Absolute path of an allowed Swagger UI file, or null (never a path built from user input). */
export function swaggerUiAssetPath(file: string): string | null {
  return ASSETS.has(file) ? join(getAbsoluteFSPath(), file) : null
}

/**
 * The Swagger UI page: every script and stylesheet comes from this server
 * (no CDN), the document from SPEC_URL.
 */
export function swaggerUiPage(): string {
  const config = {
    url: SPEC_URL,
    dom_id: '#swagger-ui',
    deepLinking: true,
    persistAuthorization: true,
    displayRequestDuration: true,
    tryItOutEnabled: false,
    layout: 'BaseLayout',
  }
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <title>Marquee API · Swagger UI</title>
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <link rel="stylesheet" href="${ASSETS_URL}/swagger-ui.css">
    <link rel="icon" type="image/png" href="${ASSETS_URL}/favicon-32x32.png" sizes="32x32">
    <link rel="icon" type="image/png" href="${ASSETS_URL}/favicon-16x16.png" sizes="16x16">
    <style>body { margin: 0; }</style>
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="${ASSETS_URL}/swagger-ui-bundle.js" charset="UTF-8"></script>
    <script>
      window.ui = SwaggerUIBundle(Object.assign(${JSON.stringify(config)}, {
        presets: [SwaggerUIBundle.presets.apis],
      }))
    </script>
  </body>
</html>
`
}
