import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const page = (file: string) => fileURLToPath(new URL(file, import.meta.url));

// `pnpm dev` serves the page on :5173 and forwards /api to a demo server (the Express demo on :3000
// by default; DEMO_API=http://127.0.0.1:3001 for the Koa demo), so the page talks to any of them.
// The build is what the Express demo serves: `pnpm demo` at the repository root.
export default defineConfig(({ command }) => ({
  plugins: [react()],
  // In dev, workspace packages resolve to their TypeScript source (no build needed).
  resolve: command === 'serve' ? { conditions: ['@oss-presign/source'] } : {},
  server: { proxy: { '/api': process.env.DEMO_API ?? 'http://127.0.0.1:3000' } },
  build: {
    target: 'es2022',
    sourcemap: true,
    // bench.html: the in-browser speed bench (`pnpm bench`), the hook against a bare XMLHttpRequest PUT.
    rolldownOptions: { input: { main: page('index.html'), bench: page('bench.html') } },
  },
}));
