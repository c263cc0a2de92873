import { existsSync } from "node:fs";
import { join } from "node:path";
import express, { type RequestHandler } from "express";
import { ConfigError } from "@shop/config";

/**
 * The built storefront (STOREFRONT_DIR) at /, on the API's origin, so the browser needs no CORS.
 * Vite names its assets by content hash: they are cached for good, index.html never.
 */
export function serveStorefront(dir: string): RequestHandler[] {
  if (!existsSync(join(dir, "index.html"))) {
    throw new ConfigError(`STOREFRONT_DIR=${dir} has no index.html: build it with \`npm run build -w examples/storefront\`, or unset STOREFRONT_DIR.`);
  }
  return [
    express.static(dir, {
      setHeaders(res, path) {
        res.setHeader("cache-control", path.includes(`${join(dir, "assets")}`) ? "public, max-age=31536000, immutable" : "no-cache");
      },
    }),
  ];
}
