import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// `npm run dev`: hot reload against a running supergraph, proxied so that the app stays on one
// origin as it is when the gateway serves the build (no CORS, WebSockets included).
const gateway = process.env.STOREFRONT_GATEWAY_URL ?? "http://localhost:4000";

export default defineConfig({
  plugins: [react()],
  server: { port: 5173, proxy: { "/graphql": { target: gateway, ws: true } } },
  build: { outDir: "dist", emptyOutDir: true },
});
