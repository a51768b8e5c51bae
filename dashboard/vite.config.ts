import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** Self-hosts Swagger UI for the Worker's /docs page, so the reference works offline and under a strict CSP. */
function swaggerUiAssets(): Plugin {
  return {
    name: 'referrio-swagger-ui',
    apply: 'build',
    writeBundle(options) {
      const source = dirname(require.resolve('swagger-ui-dist/package.json'));
      const target = resolve(options.dir ?? resolve(here, 'dist'), 'vendor/swagger-ui');
      mkdirSync(target, { recursive: true });
      for (const file of ['swagger-ui.css', 'swagger-ui-bundle.js']) copyFileSync(resolve(source, file), resolve(target, file));
      writeFileSync(
        resolve(target, 'init.js'),
        "window.ui = SwaggerUIBundle({ url: '/v1/openapi.json', dom_id: '#reference', deepLinking: true, persistAuthorization: true });\n",
      );
    },
  };
}

export default defineConfig({
  root: here,
  plugins: [preact(), swaggerUiAssets()],
  build: { outDir: resolve(here, 'dist'), emptyOutDir: true },
});
