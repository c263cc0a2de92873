export { shutdownTracing } from "./lifecycle.ts";
