import type { Redis } from "ioredis";

/**
 * Deletes the consumers of `group` that hold no pending event and have not read for `idleMs`:
 * names left by replicas that were stopped or killed (every process reads under a name of its
 * own, see replicaName). A consumer with pending events is kept: XAUTOCLAIM hands them over,
 * and deleting it would drop them from the group. Returns how many it deleted.
 *
 * Redis before 7.2 counts as activity only a read that returned events, so a live replica of a
 * quiet stream can be deleted too: harmless, as it holds nothing and its next read re-creates it.
 */
export async function pruneDeadConsumers(redis: Redis, { stream, group, idleMs }: { stream: string; group: string; idleMs: number }): Promise<number> {
  let consumers: unknown[][];
  try {
    consumers = (await redis.xinfo("CONSUMERS", stream, group)) as unknown[][];
  } catch (error) {
    // No stream or group yet: nothing to prune.
    if (/NOGROUP|no such key/i.test(String((error as Error).message))) return 0;
    throw error;
  }
  let removed = 0;
  for (const fields of consumers) {
    const info = fieldsOf(fields);
    if (Number(info.pending) === 0 && Number(info.idle) > idleMs) {
      // DELCONSUMER returns the pending count it dropped: 0, unless the consumer read meanwhile.
      await redis.xgroup("DELCONSUMER", stream, group, String(info.name));
      removed++;
    }
  }
  return removed;
}

/** XINFO's flat [name, value, name, value, ...] reply as an object. */
function fieldsOf(flat: unknown[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (let index = 0; index + 1 < flat.length; index += 2) fields[String(flat[index])] = flat[index + 1];
  return fields;
}
