// One configuration, three places that must agree: the table in docs/configuration.md, .env.example
// and the zod schemas the code validates its environment with. Names and defaults are compared.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { commonServiceEnv, eventsEnv, startEnv, SUBGRAPHS, subgraphEnv, tracingEnv, type SubgraphName } from "@shop/config";
import { gatewayEnv } from "@shop/gateway/config";
import { notificationsEnv } from "@shop/notifications-subgraph/config";
import { ordersEnv } from "@shop/orders-subgraph/config";
import { productsEnv } from "@shop/products-subgraph/config";
import { usersEnv } from "@shop/users-subgraph/config";

const root = fileURLToPath(new URL("../../", import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, "utf8");
const names = Object.keys(SUBGRAPHS) as SubgraphName[];

// --- Every variable the code reads, with its default (undefined: none). The one place to
// reconcile when a branch adds variables.
const SCHEMAS: z.ZodRawShape[] = [commonServiceEnv, eventsEnv, tracingEnv, startEnv, ...names.map(subgraphEnv), usersEnv, productsEnv, ordersEnv, notificationsEnv, gatewayEnv];
// Read outside the zod schemas: subgraphUrlFor() resolves each subgraph's `<NAME>_URL`.
const READ_DIRECTLY = names.map((name) => `${name.toUpperCase()}_URL`);
// Read by docker-compose.yml itself, not by a service.
const COMPOSE_ONLY: Record<string, string> = { GRAFANA_ADMIN_PASSWORD: "admin" };
// Empty in .env.example although the code has a default: setting REDIS_URL leaves laptop mode
// (npm start would need a Redis), and the paths' defaults depend on where the project lives.
const EMPTY_ON_PURPOSE = new Set(["REDIS_URL", "SUPERGRAPH_PATH", "PERSISTED_QUERY_MANIFEST_PATH"]);

/** The value a variable's schema gives when it is unset, written as it would be in .env. */
function defaultOf(schema: z.ZodType): string | undefined {
  const result = z.object({ value: schema }).safeParse({});
  if (!result.success || result.data.value === undefined) return undefined;
  const value = result.data.value as unknown;
  return Array.isArray(value) ? value.join(",") : String(value);
}

function codeVariables(): Map<string, string | undefined> {
  const variables = new Map<string, string | undefined>();
  for (const shape of SCHEMAS) for (const [name, schema] of Object.entries(shape)) variables.set(name, defaultOf(schema as z.ZodType));
  for (const name of READ_DIRECTLY) variables.set(name, undefined);
  for (const [name, value] of Object.entries(COMPOSE_ONLY)) variables.set(name, value);
  return variables;
}

function envExample(): Map<string, string> {
  const lines = [...read(".env.example").matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)];
  return new Map(lines.map(([, name, value]) => [name!, value!.replace(/^"(.*)"$/, "$1")]));
}

interface Row {
  variables: string[];
  defaultCell: string;
  modes: string;
}

/** The rows of the table under "## Variables" (the page's other tables are not about variables). */
function documentedTable(): Row[] {
  const page = read("docs/configuration.md");
  const start = page.indexOf("\n## Variables\n");
  const end = page.indexOf("\n## ", start + 1);
  return page
    .slice(start, end === -1 ? undefined : end)
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) => {
      const [first, defaultCell, modes] = line.split(" | ").map((cell) => cell.replace(/^\| /, ""));
      return { variables: [...first!.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((match) => match[1]!), defaultCell: defaultCell!, modes: modes! };
    });
}

const sorted = (values: Iterable<string>) => [...values].sort();

describe("configuration table", () => {
  const code = codeVariables();
  const example = envExample();
  const rows = documentedTable();
  const documented = rows.flatMap((row) => row.variables);

  it("lists each variable once", () => {
    expect(documented.length).toBeGreaterThan(40);
    expect(documented.filter((name, index) => documented.indexOf(name) !== index)).toEqual([]);
  });

  it("names the same variables in docs/configuration.md, in .env.example and in the code", () => {
    expect(sorted(documented)).toEqual(sorted(code.keys()));
    expect(sorted(example.keys())).toEqual(sorted(code.keys()));
  });

  it("lists in .env.example the code's defaults", () => {
    for (const [name, value] of example) {
      const expected = code.get(name);
      if (value === "" && (expected === undefined || EMPTY_ON_PURPOSE.has(name))) continue;
      expect({ name, value }).toEqual({ name, value: expected });
    }
  });

  it("gives in docs/configuration.md the default of every variable that has one of its own", () => {
    for (const row of rows.filter((candidate) => candidate.variables.length === 1)) {
      const name = row.variables[0]!;
      const value = example.get(name) || (name.endsWith("_PATH") ? undefined : code.get(name));
      if (value) expect({ name, cell: row.defaultCell }).toEqual({ name, cell: expect.stringContaining(`\`${value}\``) });
    }
  });

  it("says for every variable which modes use it", () => {
    for (const row of rows) expect({ variables: row.variables, modes: row.modes }).toEqual({ variables: row.variables, modes: expect.stringMatching(/^(all|(laptop|multi-process|containers)(, (laptop|multi-process|containers))*)$/) });
  });

});
