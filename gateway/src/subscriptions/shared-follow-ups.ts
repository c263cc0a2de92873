import type { FollowUpRunner } from "./follow-up-query.ts";

/**
 * One event reaches every subscriber of its channel at once, and each would run the same
 * follow-up query. Identical ones in flight together (same document, variables and token,
 * so the same answer) share one execution: a thousand tabs tracking one order cost the
 * subgraphs one query per event, not a thousand.
 */
export function shareIdenticalFollowUps(run: FollowUpRunner): FollowUpRunner {
  const inFlight = new Map<string, Promise<unknown>>();
  return (query, authorization, extraVariables = {}) => {
    const key = `${query.queryHash}\n${authorization}\n${JSON.stringify({ ...query.variables, ...extraVariables })}`;
    const running = inFlight.get(key);
    if (running) return running;
    const result = run(query, authorization, extraVariables).finally(() => inFlight.delete(key));
    inFlight.set(key, result);
    return result;
  };
}
