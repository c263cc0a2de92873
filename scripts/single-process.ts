// `npm start` without Redis: the four subgraphs and the gateway in this one process, sharing
// an in-process event bus (orders' outbox relay -> products' and notifications' consumer
// groups and the gateway's subscriptions). The start command supervises it like any service.
// Replicas need Redis: a second process would have a bus of its own.
import { startGateway } from "@shop/gateway";
import { loadGatewayConfig } from "@shop/gateway/config";
import { createInProcessBus } from "@shop/events";
import { createLogger } from "@shop/logger";
import { startNotificationsSubgraph } from "@shop/notifications-subgraph";
import { loadNotificationsConfig } from "@shop/notifications-subgraph/config";
import { startOrdersSubgraph } from "@shop/orders-subgraph";
import { loadOrdersConfig } from "@shop/orders-subgraph/config";
import { startProductsSubgraph } from "@shop/products-subgraph";
import { loadProductsConfig } from "@shop/products-subgraph/config";
import { runService } from "@shop/server";
import { startUsersSubgraph } from "@shop/users-subgraph";
import { loadUsersConfig } from "@shop/users-subgraph/config";

await runService(async () => {
  // Every configuration first, so that one bad variable stops the process before anything listens.
  const configs = { users: loadUsersConfig(), products: loadProductsConfig(), orders: loadOrdersConfig(), notifications: loadNotificationsConfig(), gateway: loadGatewayConfig() };
  const bus = createInProcessBus({ logger: createLogger({ service: "events", level: configs.gateway.logLevel }) });
  // The consumers first, so that their groups exist before the outbox relay publishes.
  const subgraphs = [
    (await startUsersSubgraph(configs.users, { inProcess: true })).service,
    (await startProductsSubgraph(configs.products, { bus })).service,
    (await startNotificationsSubgraph(configs.notifications, { bus })).service,
    (await startOrdersSubgraph(configs.orders, { bus })).service,
  ];
  const { service: gateway, logger } = await startGateway(configs.gateway, { bus });
  logger.info({ mode: "single-process", bus: bus.kind }, "every service runs in this process on an in-process event bus");
  return {
    logger,
    service: {
      ...gateway,
      // The gateway first (no new requests), then the subgraphs drain and stop their workers, then the bus.
      async stop() {
        await gateway.stop();
        await Promise.all(subgraphs.map((subgraph) => subgraph.stop()));
        await bus.close();
      },
    },
  };
});
