import adapter from '@sveltejs/adapter-static';
import { sveltekit } from '@sveltejs/kit/vite';
import { defaultClientConditions, defineConfig, loadEnv } from 'vite';

// The SPA is served by the API (from build/, falling back to build/200.html for deep
// links), so in development Vite forwards /api to a running API instead.
export default defineConfig(({ command, mode }) => {
  const env = { ...loadEnv(mode, import.meta.dirname, ''), ...process.env };
  const apiTarget = env.API_PROXY_TARGET || 'http://127.0.0.1:3000';

  return {
    plugins: [
      sveltekit({
        adapter: adapter({ fallback: '200.html' }),
        // No inline script runs unless its hash is listed: SvelteKit hashes its own boot script
        // into a <meta http-equiv> policy in the built pages. The API, which serves them, sends
        // the same rule as a header, hashing the inline scripts of each page as it serves it
        // (api/src/lib/csp.ts), so the two always agree.
        csp: {
          mode: 'hash',
          directives: { 'script-src': ['self'], 'object-src': ['none'], 'base-uri': ['self'] },
        },
      }),
    ],
    // The dev server reads @sentinel/client's TypeScript source, so `npm run dev` needs no build;
    // `vite build` bundles the package's built dist/, as any third-party bundler would.
    resolve: command === 'serve' ? { conditions: ['@sentinel/source', ...defaultClientConditions] } : {},
    server: {
      proxy: {
        '/api': { target: apiTarget, changeOrigin: false, ws: true },
      },
    },
    preview: {
      proxy: {
        '/api': { target: apiTarget, changeOrigin: false },
      },
    },
  };
});
