// The SDL and Prisma enums stay as the API and storage contracts, but their values come from
// lists kept once in code: each enum must have exactly its list's values, in the list's order.
import { readFileSync } from "node:fs";
import { Kind, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { NOTIFICATION_CHANNELS, ORDER_STATUSES } from "@shop/events";
import { NotificationChannel } from "../../subgraphs/notifications/src/data/generated/enums.ts";
import { OrderStatus } from "../../subgraphs/orders/src/data/generated/enums.ts";

/** The values of enum `name` in an SDL file of the repository; none when it has no such enum. */
function sdlEnumValues(path: string, name: string): string[] {
  const document = parse(readFileSync(new URL(`../../${path}`, import.meta.url), "utf8"));
  for (const definition of document.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === name) {
      return (definition.values ?? []).map((value) => value.name.value);
    }
  }
  return [];
}

const ENUMS = [
  { name: "OrderStatus", list: ORDER_STATUSES, sdl: "subgraphs/orders/src/schema.graphql", prisma: OrderStatus },
  { name: "NotificationChannel", list: NOTIFICATION_CHANNELS, sdl: "subgraphs/notifications/src/schema.graphql", prisma: NotificationChannel },
];

describe.each(ENUMS)("enum $name", ({ name, list, sdl, prisma }) => {
  it("has exactly its list's values in the subgraph's SDL", () => {
    expect(sdlEnumValues(sdl, name)).toEqual([...list]);
  });

  it("has exactly its list's values in the Prisma schema", () => {
    expect(Object.values(prisma)).toEqual([...list]);
  });
});
