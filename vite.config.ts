import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));
const apiServer = 'http://127.0.0.1:3000';

export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  css: { postcss: repoRoot },
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    // The password rules load on demand with their dictionaries (about 850 kB compressed).
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: {
      '/api': apiServer,
      // Single sign-on is browser navigations to the server (start, and back from the provider).
      '/auth/sso': apiServer,
      '/healthz': apiServer,
      '/readyz': apiServer,
    },
  },
});
