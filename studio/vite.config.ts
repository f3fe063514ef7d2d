import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompiledValidatorsPlugin } from './build/precompile-validators.ts';

export default defineConfig({
  plugins: [react(), precompiledValidatorsPlugin()],
  server: { proxy: { '/api': { target: 'http://127.0.0.1:3000', ws: true } } },
  build: { outDir: 'dist', sourcemap: true, chunkSizeWarningLimit: 2000 },
});
