import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
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

/** The dashboard's JavaScript must stay under this, gzipped (issue 7); the build prints the total and fails past it. */
const JS_BUDGET_BYTES = 60 * 1024;

function jsBudget(): Plugin {
  return {
    name: 'referrio-js-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      let total = 0;
      for (const file of Object.values(bundle)) if (file.type === 'chunk') total += gzipSync(file.code, { level: 9 }).length;
      const kb = (total / 1024).toFixed(1);
      const line = `dashboard JavaScript: ${kb} KB gzipped (budget ${JS_BUDGET_BYTES / 1024} KB)`;
      if (total > JS_BUDGET_BYTES) this.error(line);
      console.log(`\n${line}`);
    },
  };
}

export default defineConfig({
  root: here,
  plugins: [preact(), swaggerUiAssets(), jsBudget()],
  build: { outDir: resolve(here, 'dist'), emptyOutDir: true },
});
