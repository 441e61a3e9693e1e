package dev.vigil.server.loki;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.logindex.LogIndex;
import dev.vigil.logindex.logql.LogQLParseException;
import dev.vigil.logindex.query.LogEntry;
import dev.vigil.logindex.query.QueryException;
import dev.vigil.logindex.tail.Tail;
import dev.vigil.logindex.tail.TailListener;
import dev.vigil.model.Tenant;
import dev.vigil.model.access.AccessPolicy;
import dev.vigil.server.http.RequestTenant;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loki's live tail, {@code /loki/api/v1/tail?query=&delay_for=&limit=&start=} over WebSocket: the
 * newest {@code limit} (default 100) lines since {@code start} (default an hour ago) first, then
 * every new matching line as it is acknowledged, each frame {@code {"streams": [{"stream": {…},
 * "values": [["<ns>", "<line>"]]}], "dropped_entries": [{"labels": {…}, "timestamp": "<ns>"}]}}
 * ({@code dropped_entries} only when the client fell behind). A bad query or parameter closes the
 * socket with code 1008 and the reason; the tail sees only the tenant of the upgrade request. A
 * tail that sends nothing for {@code logs.tail-keepalive} (30 s) sends a ping, so idle timeouts
 * along the way leave it open.
 */
@ServerWebSocket("/loki/api/v1/tail")
@Requires(beans = LogIndex.class)
final class LokiTailSocket {
  private static final Logger log = LoggerFactory.getLogger(LokiTailSocket.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long HOUR_NANOS = 3_600_000_000_000L;

  /** RFC 6455: a close frame's reason is at most 123 bytes of UTF-8. */
  static final int MAX_REASON_BYTES = 123;

  private final LogIndex logs;
  private final AccessPolicy access;
  private final Map<String, Tail> tails = new ConcurrentHashMap<>();

  LokiTailSocket(LogIndex logs, AccessPolicy access) {
    this.logs = logs;
    this.access = access;
  }

  @OnOpen
  void open(WebSocketSession session, HttpRequest<?> request) {
    Tenant tenant = tenant(request);
    if (tenant == null) {
      session.close(new CloseReason(CloseReason.POLICY_VIOLATION.getCode(), "unauthorized"));
      return;
    }
    var params = request.getParameters();
    String query = params.get("query");
    try {
      if (query == null || query.isBlank()) {
        throw new IllegalArgumentException(
            "parameter query is required, as in query={service_name=\"x\"}");
      }
      long delay = seconds("delay_for", params.get("delay_for"));
      int limit = integer("limit", params.get("limit"), 100);
      if (limit < 1 || limit > LogSearchController.MAX_LIMIT) {
        throw new IllegalArgumentException(
            "limit must be between 1 and " + LogSearchController.MAX_LIMIT + ", got " + limit);
      }
      long now = System.currentTimeMillis() * 1_000_000L;
      long start = LokiApiController.time(params.get("start"), now - HOUR_NANOS);
      Tail t = logs.tail(tenant, query, Math.max(0, start), limit, delay, new Sender(session));
      tails.put(session.getId(), t);
      if (!session.isOpen()) {
        closed(session); // the client left while the tail opened
      }
    } catch (LogQLParseException | QueryException | IllegalArgumentException e) {
      session.close(
          new CloseReason(CloseReason.POLICY_VIOLATION.getCode(), reason(e.getMessage())));
    }
  }

  /** Loki's tail takes nothing from the client; frames sent to it are ignored. */
  @OnMessage
  void message(String ignored, WebSocketSession session) {}

  @OnClose
  void closed(WebSocketSession session) {
    Tail t = tails.remove(session.getId());
    if (t != null) {
      t.close();
    }
  }

  /** The tenant the access filter decided, or decided here if the upgrade bypassed the filter. */
  private Tenant tenant(HttpRequest<?> request) {
    var decided = request.getAttribute(RequestTenant.ATTRIBUTE, Tenant.class);
    if (decided.isPresent()) {
      return decided.get();
    }
    return access.decide(
                request.getHeaders().get("Authorization"),
                request.getHeaders().get(access.tenantHeader()))
            instanceof AccessPolicy.Decision.Granted g
        ? g.tenant()
        : null;
  }

  /** Sends on the tail's thread; a slow client therefore backs up its own tail, which drops. */
  private final class Sender implements TailListener {
    private final WebSocketSession session;

    Sender(WebSocketSession session) {
      this.session = session;
    }

    @Override
    public void onEntries(List<LogEntry> entries, List<Tail.Dropped> dropped) {
      if (!session.isOpen()) {
        closed(session);
        return;
      }
      try {
        session.sendSync(frame(entries, dropped));
      } catch (RuntimeException e) {
        log.debug("tail {}: send failed, closing: {}", session.getId(), e.toString());
        closed(session);
      }
    }

    @Override
    public void onError(Exception e) {
      session.close(
          new CloseReason(CloseReason.INTERNAL_ERROR.getCode(), reason("tail failed: " + e)));
    }

    /**
     * A WebSocket ping (RFC 6455 5.5.2), which every client answers by itself: the server's idle
     * timeout, proxies and load balancers see traffic on a tail whose query is quiet.
     */
    @Override
    public void onIdle() {
      if (!session.isOpen()) {
        closed(session);
        return;
      }
      session
          .sendPingAsync(new byte[0])
          .whenComplete((ok, e) -> {
            if (e != null) {
              log.debug("tail {}: ping failed, closing: {}", session.getId(), e.toString());
              closed(session);
            }
          });
    }
  }

  static String frame(List<LogEntry> entries, List<Tail.Dropped> dropped) {
    Map<String, Object> frame = new LinkedHashMap<>();
    frame.put("streams", LokiApiController.streams(entries).get("result"));
    if (!dropped.isEmpty()) {
      List<Map<String, Object>> d = new ArrayList<>();
      for (Tail.Dropped x : dropped) {
        d.add(Map.of("labels", x.labels().toMap(), "timestamp", Long.toString(x.timestampNanos())));
      }
      frame.put("dropped_entries", d);
    }
    try {
      return JSON.writeValueAsString(frame);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("BUG: a tail frame cannot be written as JSON", e);
    }
  }

  /** The message cut to what a close frame can carry, on a character boundary. */
  static String reason(String message) {
    String m = message == null ? "bad request" : message;
    if (m.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES) {
      return m;
    }
    int end = m.length();
    while (m.substring(0, end).getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES - 3) {
      end--;
    }
    if (end > 0 && Character.isHighSurrogate(m.charAt(end - 1))) {
      end--;
    }
    return m.substring(0, end) + "…";
  }

  private static long seconds(String name, String value) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      return new BigDecimal(value.strip()).movePointRight(9).longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "parameter " + name + " must be a number of seconds, got '" + value + "'");
    }
  }

  private static int integer(String name, String value, int fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "parameter " + name + " must be an integer, got '" + value + "'");
    }
  }
}
