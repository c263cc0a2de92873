import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateKeys, generateSigningKey, laptopKeys, loadSubgraphConfig, PUBLISHED_SECRETS } from "./index.ts";

const folder = mkdtempSync(join(tmpdir(), "shop-keys-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const messageOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("did not throw");
};

describe("keys", () => {
  it("are required in every mode, each missing one named with the fix", () => {
    for (const NODE_ENV of ["development", "test", "production"]) {
      const message = messageOf(() => loadSubgraphConfig("users", {}, { NODE_ENV }));
      for (const name of ["USERS_JWT_PRIVATE_KEY", "JWT_PUBLIC_KEYS", "SERVICE_TOKEN_SECRET"]) {
        expect(message).toContain(`${name} is missing: run \`npm run keys:generate\``);
      }
    }
    // Only users signs user tokens: no other subgraph asks for the private key.
    expect(messageOf(() => loadSubgraphConfig("orders", {}, {}))).not.toContain("USERS_JWT_PRIVATE_KEY");
  });

  it("give users the key pair and the service secret, the other subgraphs no private key", () => {
    const keys = generateKeys();
    const users = loadSubgraphConfig("users", {}, keys).tokenKeys;
    expect(users.privateKey).toEqual(JSON.parse(keys.USERS_JWT_PRIVATE_KEY));
    expect(users.publicKeys).toEqual(JSON.parse(keys.JWT_PUBLIC_KEYS).keys);
    expect(users.serviceSecret).toBe(keys.SERVICE_TOKEN_SECRET);
    expect(loadSubgraphConfig("orders", {}, keys).tokenKeys).toEqual({ publicKeys: users.publicKeys, serviceSecret: keys.SERVICE_TOKEN_SECRET });
    // Two public keys, as during a rotation.
    const next = generateSigningKey().publicKey;
    const rotating = { ...keys, JWT_PUBLIC_KEYS: JSON.stringify({ keys: [...users.publicKeys, next] }) };
    expect(loadSubgraphConfig("users", {}, rotating).tokenKeys.publicKeys).toHaveLength(2);
  });

  it("refuse the secrets published in the repository, short or patterned ones, and anything that is no key", () => {
    const keys = generateKeys();
    for (const secret of PUBLISHED_SECRETS) {
      expect(messageOf(() => loadSubgraphConfig("orders", {}, { ...keys, SERVICE_TOKEN_SECRET: secret }))).toMatch(/SERVICE_TOKEN_SECRET is invalid: is a value published in the repository/);
    }
    expect(messageOf(() => loadSubgraphConfig("orders", {}, { ...keys, SERVICE_TOKEN_SECRET: "s".repeat(40) }))).toMatch(/SERVICE_TOKEN_SECRET is invalid: is not random enough/);
    expect(messageOf(() => loadSubgraphConfig("orders", {}, { ...keys, SERVICE_TOKEN_SECRET: "short" }))).toMatch(/SERVICE_TOKEN_SECRET is invalid: must be at least 32/);
    expect(messageOf(() => loadSubgraphConfig("orders", {}, { ...keys, JWT_PUBLIC_KEYS: "not json" }))).toMatch(/JWT_PUBLIC_KEYS is invalid: must be a set of Ed25519 public JWKs/);
    const publicKey = JSON.parse(keys.JWT_PUBLIC_KEYS).keys[0];
    const twice = JSON.stringify({ keys: [publicKey, { ...publicKey, x: generateSigningKey().publicKey.x }] });
    expect(messageOf(() => loadSubgraphConfig("orders", {}, { ...keys, JWT_PUBLIC_KEYS: twice }))).toMatch(/JWT_PUBLIC_KEYS is invalid: must give each key its own kid/);
    const notOnTheCurve = JSON.stringify({ ...JSON.parse(keys.USERS_JWT_PRIVATE_KEY), kty: "RSA" });
    expect(messageOf(() => loadSubgraphConfig("users", {}, { ...keys, USERS_JWT_PRIVATE_KEY: notOnTheCurve }))).toMatch(/USERS_JWT_PRIVATE_KEY is invalid: must be an Ed25519 private JWK with a kid as JSON; run `npm run keys:generate`/);
  });

  it("refuse a private key whose public key JWT_PUBLIC_KEYS lacks", () => {
    const keys = generateKeys();
    const others = JSON.stringify({ keys: [generateSigningKey().publicKey] });
    expect(messageOf(() => loadSubgraphConfig("users", {}, { ...keys, JWT_PUBLIC_KEYS: others }))).toMatch(/JWT_PUBLIC_KEYS is invalid: it lacks the public key of USERS_JWT_PRIVATE_KEY/);
  });

  it("are fresh on every generation", () => {
    const [a, b] = [generateKeys(), generateKeys()];
    for (const name of Object.keys(a) as (keyof typeof a)[]) expect(a[name]).not.toBe(b[name]);
  });
});

describe("laptopKeys", () => {
  it("generates keys on the first start, keeps them for the next, readable by the owner only", () => {
    const path = join(folder, "first", "keys.json");
    const first = laptopKeys(path, {});
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(laptopKeys(path, {})).toEqual(first);
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual(first);
    expect(loadSubgraphConfig("users", {}, first).tokenKeys.privateKey).toBeDefined();
  });

  it("takes the environment's own keys, the user-token pair as a whole", () => {
    const path = join(folder, "own", "keys.json");
    const own = generateKeys();
    expect(laptopKeys(path, own)).toEqual(own);
    const stored = laptopKeys(path, {});
    // A private key without its public keys is not completed with stored ones (that pair could not verify).
    expect(laptopKeys(path, { USERS_JWT_PRIVATE_KEY: own.USERS_JWT_PRIVATE_KEY })).toEqual({ ...stored, USERS_JWT_PRIVATE_KEY: own.USERS_JWT_PRIVATE_KEY, JWT_PUBLIC_KEYS: "" });
    expect(laptopKeys(path, { SERVICE_TOKEN_SECRET: own.SERVICE_TOKEN_SECRET })).toEqual({ ...stored, SERVICE_TOKEN_SECRET: own.SERVICE_TOKEN_SECRET });
  });
});
