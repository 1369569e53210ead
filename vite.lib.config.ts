/**
 * `npm run build:lib`: the toolkit as an ES module library (dist/latentflow.js) for sketches that
 * import it. three and tfjs stay external, so a sketch shares its own copies with the engine.
 */
import { defineConfig } from 'vite';

export default defineConfig({
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    lib: { entry: 'src/index.ts', formats: ['es'], fileName: 'latentflow' },
    rolldownOptions: { external: [/^three($|\/)/, /^@tensorflow\//] },
  },
});
