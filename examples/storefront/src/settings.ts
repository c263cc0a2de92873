// The subscription transport: `?transport=websocket` or `?transport=multipart` in the URL, or
// the choice in the footer; kept for the browser tab's session. Multipart HTTP by default.
export const TRANSPORTS = ["multipart", "websocket"] as const;
export type Transport = (typeof TRANSPORTS)[number];

const KEY = "storefront.transport";

function isTransport(value: string | null): value is Transport {
  return TRANSPORTS.includes(value as Transport);
}

export function initialTransport(): Transport {
  const fromUrl = new URLSearchParams(location.search).get("transport");
  if (isTransport(fromUrl)) sessionStorage.setItem(KEY, fromUrl);
  const stored = sessionStorage.getItem(KEY);
  return isTransport(stored) ? stored : "multipart";
}

export function storeTransport(transport: Transport): void {
  sessionStorage.setItem(KEY, transport);
}
