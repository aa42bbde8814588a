// The console is served by the API server under /console/ (api/src/http/console.ts), from web/dist.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  root: import.meta.dirname,
  base: "/console/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    // `npx vite web` during development: the API on :8080 answers everything but the console.
    proxy: { "^/(?!console/)": "http://127.0.0.1:8080" },
  },
});
