import { startPollingWorker, type PollingWorker } from "@shop/events";
import type { Logger } from "@shop/logger";
import type { ClaimedDelivery, DeliveryRepository } from "../data/delivery-repository.ts";
import type { DeliveryChannels } from "../delivery/channels.ts";
import { afterFailedAttempt, type RetryPolicy } from "../domain/delivery-rules.ts";

export interface DeliveryWorkerOptions {
  deliveries: DeliveryRepository;
  channels: DeliveryChannels;
  policy: RetryPolicy;
  pollMs: number;
  /** How long one send may take at most (each adapter gives up after it). */
  timeoutMs: number;
  logger: Logger;
}

// Deliveries one round claims; different recipients are served side by side.
const BATCH_SIZE = 20;

/** One queue per recipient, oldest first: a customer gets "confirmed" before "shipped". */
function byRecipient(deliveries: ClaimedDelivery[]): ClaimedDelivery[][] {
  const queues = new Map<string, ClaimedDelivery[]>();
  for (const delivery of [...deliveries].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) {
    const key = `${delivery.channel}:${delivery.recipient}`;
    queues.set(key, [...(queues.get(key) ?? []), delivery]);
  }
  return [...queues.values()];
}

/**
 * Sends due EMAIL and SMS notifications. Each round claims a batch (so replicas never send
 * the same one), sends it, and records per notification: SENT, a later try with backoff, or
 * FAILED with the reason once the tries are used up. Stopping waits for the round in
 * progress, so every send that started is recorded.
 */
export function startDeliveryWorker({ deliveries, channels, policy, pollMs, timeoutMs, logger }: DeliveryWorkerOptions): PollingWorker {
  // Well beyond the longest send (an SMTP send can wait `timeoutMs` to connect, to be greeted
  // and on the socket), so a claim lapses only when its worker is gone.
  const leaseMs = Math.max(30_000, timeoutMs * 6);

  async function deliver(delivery: ClaimedDelivery) {
    const log = logger.child({ notificationId: delivery.id, channel: delivery.channel, attempt: delivery.deliveryAttempts });
    // Earlier sends to the same recipient may have used up the claim: never send what another worker took over.
    if (!(await deliveries.renewClaim(delivery, leaseMs))) {
      log.warn("claim lapsed before sending; left to the worker that holds it now");
      return;
    }
    let failure: string | null = null;
    try {
      await channels[delivery.channel].send({ id: delivery.id, to: delivery.recipient, subject: delivery.subject, text: delivery.body });
    } catch (error) {
      failure = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
    }
    try {
      if (failure === null) {
        await deliveries.markSent(delivery);
        log.info("notification delivered");
        return;
      }
      const next = afterFailedAttempt(delivery.deliveryAttempts, policy, new Date());
      await deliveries.markAttemptFailed(delivery, failure, next.status === "PENDING" ? next.nextAttemptAt : null);
      if (next.status === "PENDING") log.warn({ error: failure, nextAttemptAt: next.nextAttemptAt }, "delivery failed; will retry");
      else log.error({ error: failure }, "delivery failed for the last time; marked FAILED");
    } catch (error) {
      // The claim's lease runs out and the delivery is tried again (a possible resend: see Message-ID).
      log.error({ err: error, sent: failure === null }, "could not record a delivery's outcome");
    }
  }

  return startPollingWorker({
    name: "notification-delivery",
    intervalMs: pollMs,
    logger,
    async round() {
      const due = await deliveries.claimDue(BATCH_SIZE, leaseMs);
      await Promise.all(
        byRecipient(due).map(async (queue) => {
          for (const delivery of queue) await deliver(delivery);
        }),
      );
      return { more: due.length === BATCH_SIZE };
    },
  });
}
