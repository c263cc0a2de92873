import { useState } from "react";
import { useMutation, useQuery, useSubscription } from "@apollo/client/react";
import { MarkNotificationReadDocument, NotificationAddedDocument, NotificationsDocument } from "./generated/graphql.ts";
import { ErrorMessage, formatTime } from "./components.tsx";
import { href } from "./router.ts";

/** The signed-in user's unread notifications: counted live as notificationAdded reports them. */
export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const unread = useQuery(NotificationsDocument, { variables: { first: 10, unreadOnly: true }, fetchPolicy: "cache-and-network" });
  const feed = useSubscription(NotificationAddedDocument, { onData: () => void unread.refetch() });
  const [markRead] = useMutation(MarkNotificationReadDocument, { onCompleted: () => void unread.refetch() });
  const notifications = unread.data?.me?.notifications;
  const count = notifications?.totalCount ?? 0;
  return (
    <div className="bell">
      <button type="button" aria-expanded={open} aria-controls="notifications" onClick={() => setOpen(!open)} aria-label={`Notifications: ${count} unread`}>
        <span aria-hidden="true">Notifications</span>
        <span className="badge" data-testid="bell-count">
          {count}
        </span>
      </button>
      {open ? (
        <div id="notifications" className="popover" role="region" aria-label="Unread notifications" onKeyDown={(event) => event.key === "Escape" && setOpen(false)}>
          <button type="button" className="close" onClick={() => setOpen(false)}>
            Close
          </button>
          <ErrorMessage error={unread.error ?? feed.error} />
          {notifications && notifications.edges.length === 0 ? <p>No unread notifications.</p> : null}
          <ul>
            {notifications?.edges.map(({ node }) => (
              <li key={node.id}>
                <strong>{node.subject}</strong> <small>{formatTime(node.createdAt)}</small>
                <p>{node.body}</p>
                {node.order ? <a href={href.order(node.order.id)}>Open the order</a> : null}{" "}
                <button type="button" onClick={() => markRead({ variables: { id: node.id } }).catch(() => undefined)} aria-label={`Mark "${node.subject}" as read`}>
                  Mark as read
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
