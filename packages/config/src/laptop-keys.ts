import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { generateKeys, KEY_VARIABLES, type KeyVariable } from "./keys.ts";

type Env = Record<string, string | undefined>;

/**
 * Laptop mode's keys: the environment's own when it sets them, otherwise random ones
 * generated on the first start and kept in `path` (readable by its owner only), so that
 * tokens survive a restart and no two laptops share a key.
 */
export function laptopKeys(path: string, source: Env = process.env): Record<KeyVariable, string> {
  const stored = existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Partial<Record<KeyVariable, string>>) : undefined;
  // A file from before a key variable existed gets that one added.
  const keys = { ...generateKeys(), ...stored };
  if (!stored || KEY_VARIABLES.some((name) => !stored[name])) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  }
  // The user-token pair is taken whole: a private key of one pair with the public keys of another signs nothing valid.
  const ownPair = Boolean(source.USERS_JWT_PRIVATE_KEY || source.JWT_PUBLIC_KEYS);
  const fromEnvironment = (name: KeyVariable) => (name === "USERS_JWT_PRIVATE_KEY" || name === "JWT_PUBLIC_KEYS" ? ownPair : Boolean(source[name]));
  return Object.fromEntries(KEY_VARIABLES.map((name) => [name, fromEnvironment(name) ? (source[name] ?? "") : keys[name]])) as Record<KeyVariable, string>;
}
