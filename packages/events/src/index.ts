export { eventNames, ConsumerGroup, type EventNames } from "./names.ts";
export { createEnvelope, parseEnvelope, serializeEnvelope, type EventEnvelope } from "./envelope.ts";
export { createRedis, type Redis } from "./redis.ts";
export { publishEvents } from "./publisher.ts";
export { replicaName, startStreamConsumer, type StreamConsumer, type StreamConsumerOptions } from "./stream-consumer.ts";
export { startPollingWorker, type PollingWorker } from "./polling-worker.ts";
export { ORDER_EVENT, type OrderEventData, type OrderEventType } from "./order-events.ts";
export { NOTIFICATION_EVENT, type NotificationCreatedData } from "./notification-events.ts";
export { createChannelHub, type ChannelHub, type ChannelListener } from "./channel-hub.ts";
