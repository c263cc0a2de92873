/**
 * An order event's position: its outbox row's number, increasing in the order one order's
 * events were written. It travels as a decimal string (a BigInt does not fit a JSON number),
 * in the envelope and to clients, which hand it back to resume a subscription after it.
 */
const POSITION = /^(0|[1-9][0-9]{0,18})$/;
// PostgreSQL's bigint, the outbox's position column.
const MAX_POSITION = 2n ** 63n - 1n;

/** The position `text` names, or null when it names none (not a decimal integer from 0 to 2^63-1). */
export function parseEventPosition(text: string): bigint | null {
  if (!POSITION.test(text)) return null;
  const position = BigInt(text);
  return position <= MAX_POSITION ? position : null;
}
