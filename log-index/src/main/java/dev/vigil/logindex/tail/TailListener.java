package dev.vigil.logindex.tail;

import dev.vigil.logindex.query.LogEntry;
import java.util.List;

/**
 * Receives what a {@link Tail} matched. Called on the tail's own thread, never concurrently for one
 * tail, so a slow listener holds back only its own tail (whose queue then overflows and drops) and
 * never an append.
 */
public interface TailListener {
  /**
   * @param entries matching lines, oldest first (the backfill, then live batches)
   * @param dropped lines that matched the selector but were dropped because this tail fell behind
   */
  void onEntries(List<LogEntry> entries, List<Tail.Dropped> dropped);

  /** The tail stopped on an error (a failed backfill query); no more calls follow. */
  void onError(Exception e);

  /**
   * Nothing was delivered for the tail's keep-alive interval. A listener on a network connection
   * sends something the client ignores (a WebSocket ping) so that idle timeouts of the server,
   * proxies and load balancers do not close a tail only because its query is quiet: Loki sends
   * nothing then, and Grafana's live view of a rare error drops after a proxy's minute.
   */
  default void onIdle() {}
}
