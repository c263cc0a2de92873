// `npm run keys:generate`: fresh key material for a deployment, as env-file lines. Unquoted: compose's
// .env, Node's loadEnvFile and `kubectl create secret --from-env-file` all read them so (kubectl
// would keep quotes); the values hold no spaces or `#`. `-- --rotate` starts a rotation instead: a new
// signing key, and JWT_PUBLIC_KEYS with the new public key beside the current ones (read from
// JWT_PUBLIC_KEYS in the environment), so tokens of both keys verify until the old ones expire.
import { generateKeys, generateSigningKey, keyEnv, loadConfig, type KeyVariable } from "@shop/config";
import { z } from "zod";

const line = (name: KeyVariable, value: string) => `${name}=${value}`;

if (process.argv.includes("--rotate")) {
  const { JWT_PUBLIC_KEYS: current } = loadConfig(z.object({ JWT_PUBLIC_KEYS: keyEnv.JWT_PUBLIC_KEYS.unwrap() }));
  const next = generateSigningKey();
  console.log("# 1. every service: both public keys; 2. then users: the new private key; 3. after JWT_TTL: drop the old public key");
  console.log(line("JWT_PUBLIC_KEYS", JSON.stringify({ keys: [...current.keys, next.publicKey] })));
  console.log(line("USERS_JWT_PRIVATE_KEY", JSON.stringify(next.privateKey)));
} else {
  for (const [name, value] of Object.entries(generateKeys())) console.log(line(name as KeyVariable, value));
}
