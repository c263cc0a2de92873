// Secrets `npm start` makes for itself on first start and keeps in .data/secrets/ (ignored by
// git), so that no key written in the repository ever signs anything, and the scripts beside
// a running supergraph (the subscription benchmark) find the same ones.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";

export function laptopSecret(root: string, name: string): string {
  const dir = `${root}/.data/secrets`;
  const path = `${dir}/${name}`;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    // "wx": of two starts at once, one writes and both read what it wrote.
    writeFileSync(path, randomBytes(32).toString("base64url"), { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return readFileSync(path, "utf8").trim();
}
