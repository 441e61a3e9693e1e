package dev.vigil.demo;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The shop's request flows across its services. Time is simulated: every span gets explicit start
 * and end timestamps computed from modelled latencies, so a request "taking" two seconds costs
 * microseconds to generate and the workload can run far faster than real time. Context crosses
 * service boundaries only as a W3C {@code traceparent} header in a carrier map, as between real
 * processes.
 */
final class Shop implements AutoCloseable {
  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
  private static final TextMapGetter<Map<String, String>> GETTER =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };
  private static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system.name");
  private static final AttributeKey<String> DB_OPERATION =
      AttributeKey.stringKey("db.operation.name");
  private static final AttributeKey<String> DB_COLLECTION =
      AttributeKey.stringKey("db.collection.name");
  private static final AttributeKey<String> ORDER_ID = AttributeKey.stringKey("shop.order.id");
  private static final AttributeKey<String> USER_ID = AttributeKey.stringKey("enduser.id");

  final ServiceNode gateway;
  final ServiceNode auth;
  final ServiceNode order;
  final ServiceNode payment;
  final ServiceNode inventory;
  final ServiceNode shipping;
  final ServiceNode notification;
  private final List<ServiceNode> all;

  /** What a hop returned: when it ended and its HTTP status. */
  record Result(long end, int status) {
    boolean failed() {
      return status >= 500;
    }
  }

  /** The callee's work inside its server span. */
  @FunctionalInterface
  interface Work {
    Result run(Context serverContext, long start);
  }

  Shop(DemoOptions options) {
    // Some services export over gRPC, the others over HTTP/protobuf, as a mixed fleet would.
    gateway = new ServiceNode("api-gateway", "1.8.2", true, options, 1);
    auth = new ServiceNode("auth", "2.1.0", false, options, 1);
    order = new ServiceNode("order", "3.4.1", true, options, 1);
    payment = new ServiceNode("payment", "1.12.0", false, options, 1);
    inventory = new ServiceNode("inventory", "0.9.7", true, options, 1);
    shipping = new ServiceNode("shipping", "1.0.3", false, options, 1);
    notification = new ServiceNode("notification", "2.0.0", true, options, 1);
    all = List.of(gateway, auth, order, payment, inventory, shipping, notification);
  }

  List<ServiceNode> services() {
    return all;
  }

  /** Simulates one user request arriving at {@code start} (epoch nanos). */
  Result request(Random r, long start, Set<Incident> incidents) {
    double p = r.nextDouble();
    String user = "user-" + r.nextInt(5000);
    if (p < 0.6) {
      return entry(
          r,
          "GET",
          "/api/products",
          start,
          (ctx, t) ->
              hop(
                  r,
                  gateway,
                  ctx,
                  inventory,
                  "GET",
                  "/products",
                  t,
                  (ictx, it) -> {
                    long end =
                        db(
                            r,
                            inventory,
                            ictx,
                            it,
                            "SELECT",
                            "products",
                            ms(r, 2, 6) * slow(incidents, Incident.INVENTORY_SLOWDOWN, 8));
                    return new Result(end + ms(r, 0.2, 1), 200);
                  }));
    }
    if (p < 0.75) {
      String orderId = "o-" + Long.toHexString(r.nextLong() & 0xFFFFFFFFL);
      return entry(
          r,
          "GET",
          "/api/orders/{id}",
          start,
          (ctx, t) -> {
            Result a = verify(r, ctx, t, user);
            if (a.failed()) {
              return a;
            }
            return hop(
                r,
                gateway,
                ctx,
                order,
                "GET",
                "/orders/{id}",
                a.end(),
                (octx, ot) -> {
                  Span.fromContext(octx).setAttribute(ORDER_ID, orderId);
                  long end = db(r, order, octx, ot, "SELECT", "orders", ms(r, 1, 4));
                  return new Result(end, 200);
                });
          });
    }
    return entry(
        r,
        "POST",
        "/api/checkout",
        start,
        (ctx, t) -> {
          Span.fromContext(ctx).setAttribute(USER_ID, user);
          Result a = verify(r, ctx, t, user);
          if (a.failed()) {
            return a;
          }
          return hop(
              r,
              gateway,
              ctx,
              order,
              "POST",
              "/orders",
              a.end(),
              (octx, ot) -> checkout(r, octx, ot, incidents));
        });
  }

  private Result checkout(Random r, Context octx, long t, Set<Incident> incidents) {
    String orderId = "o-" + Long.toHexString(r.nextLong() & 0xFFFFFFFFL);
    Span.fromContext(octx).setAttribute(ORDER_ID, orderId);
    long now = db(r, order, octx, t, "INSERT", "orders", ms(r, 2, 5));
    if (incidents.contains(Incident.CHECKOUT_ERROR_BURST) && r.nextDouble() < 0.6) {
      log(
          order,
          octx,
          now,
          Severity.ERROR,
          "{\"msg\":\"order rejected: serialization failure on orders\",\"order_id\":\""
              + orderId
              + "\",\"error\":\"could not serialize access due to concurrent update\"}");
      return new Result(now + ms(r, 0.2, 1), 500);
    }
    Result reserve =
        hop(
            r,
            order,
            octx,
            inventory,
            "POST",
            "/reservations",
            now,
            (ictx, it) -> {
              long end =
                  db(
                      r,
                      inventory,
                      ictx,
                      it,
                      "UPDATE",
                      "stock",
                      ms(r, 3, 9) * slow(incidents, Incident.INVENTORY_SLOWDOWN, 25));
              return new Result(end, 200);
            });
    Result pay =
        hop(
            r,
            order,
            octx,
            payment,
            "POST",
            "/payments",
            reserve.end(),
            (pctx, pt) -> charge(r, pctx, pt, orderId, incidents));
    if (pay.failed()) {
      log(
          order,
          octx,
          pay.end(),
          Severity.ERROR,
          "{\"msg\":\"checkout failed: payment error\",\"order_id\":\""
              + orderId
              + "\",\"payment_status\":"
              + pay.status()
              + "}");
      return new Result(pay.end() + ms(r, 0.2, 1), 502);
    }
    Result ship =
        hop(
            r,
            order,
            octx,
            shipping,
            "POST",
            "/shipments",
            pay.end(),
            (sctx, st) ->
                new Result(db(r, shipping, sctx, st, "INSERT", "shipments", ms(r, 2, 6)), 201));
    long published = publish(r, octx, ship.end(), orderId);
    log(
        order,
        octx,
        published,
        Severity.INFO,
        "{\"msg\":\"order placed\",\"order_id\":\""
            + orderId
            + "\",\"latency_ms\":"
            + TimeUnit.NANOSECONDS.toMillis(published - t)
            + "}");
    return new Result(published + ms(r, 0.2, 1), 201);
  }

  private Result charge(Random r, Context pctx, long t, String orderId, Set<Incident> incidents) {
    boolean outage = incidents.contains(Incident.PAYMENT_TIMEOUT);
    long start = t + ms(r, 0.5, 1);
    Span call =
        payment
            .tracer
            .spanBuilder("POST api.payments.example/v1/charges")
            .setParent(pctx)
            .setSpanKind(SpanKind.CLIENT)
            .setStartTimestamp(start, TimeUnit.NANOSECONDS)
            .setAttribute("server.address", "api.payments.example")
            .setAttribute("peer.service", "payment-provider")
            .setAttribute(ServiceNode.METHOD, "POST")
            .startSpan();
    boolean timeout = outage && r.nextDouble() < 0.35;
    long duration =
        outage ? (timeout ? TimeUnit.SECONDS.toNanos(2) : ms(r, 300, 1500)) : ms(r, 40, 180);
    long end = start + duration;
    if (timeout) {
      call.setStatus(StatusCode.ERROR, "deadline exceeded after 2s");
      call.recordException(
          new java.net.SocketTimeoutException("Read timed out after 2000 ms"),
          Attributes.of(AttributeKey.stringKey("shop.order.id"), orderId));
      call.setAttribute(ServiceNode.STATUS, 504L);
      log(
          payment,
          pctx.with(call),
          end,
          Severity.ERROR,
          "{\"msg\":\"payment provider timeout\",\"order_id\":\""
              + orderId
              + "\",\"provider\":\"payments.example\",\"timeout_ms\":2000}");
    } else {
      call.setAttribute(ServiceNode.STATUS, 200L);
      log(
          payment,
          pctx.with(call),
          end,
          Severity.INFO,
          "{\"msg\":\"payment captured\",\"order_id\":\"" + orderId + "\"}");
    }
    call.end(end, TimeUnit.NANOSECONDS);
    return new Result(end + ms(r, 0.5, 2), timeout ? 504 : 200);
  }

  private long publish(Random r, Context octx, long t, String orderId) {
    Span producer =
        order
            .tracer
            .spanBuilder("orders publish")
            .setParent(octx)
            .setSpanKind(SpanKind.PRODUCER)
            .setStartTimestamp(t, TimeUnit.NANOSECONDS)
            .setAttribute("messaging.system", "kafka")
            .setAttribute("messaging.destination.name", "orders")
            .startSpan();
    long sent = t + ms(r, 0.5, 2);
    Map<String, String> headers = new HashMap<>();
    W3C.inject(octx.with(producer), headers, Map::put);
    producer.end(sent, TimeUnit.NANOSECONDS);
    long received = sent + ms(r, 5, 50);
    Context extracted = W3C.extract(Context.root(), headers, GETTER);
    Span consumer =
        notification
            .tracer
            .spanBuilder("orders process")
            .setParent(extracted)
            .setSpanKind(SpanKind.CONSUMER)
            .setStartTimestamp(received, TimeUnit.NANOSECONDS)
            .setAttribute("messaging.system", "kafka")
            .setAttribute("messaging.destination.name", "orders")
            .startSpan();
    long done = received + ms(r, 3, 20);
    log(
        notification,
        extracted.with(consumer),
        done,
        Severity.INFO,
        "{\"msg\":\"order confirmation sent\",\"order_id\":\""
            + orderId
            + "\",\"channel\":\"email\"}");
    consumer.end(done, TimeUnit.NANOSECONDS);
    notification.busyNanos.addAndGet(done - received);
    return sent;
  }

  private Result verify(Random r, Context ctx, long t, String user) {
    return hop(
        r,
        gateway,
        ctx,
        auth,
        "POST",
        "/verify",
        t,
        (actx, at) -> {
          Span.fromContext(actx).setAttribute(USER_ID, user);
          return new Result(at + ms(r, 1, 4), r.nextDouble() < 0.002 ? 401 : 200);
        });
  }

  /** The gateway's server span for a request from outside. */
  private Result entry(Random r, String method, String route, long start, Work work) {
    Span span =
        gateway
            .tracer
            .spanBuilder(method + " " + route)
            .setSpanKind(SpanKind.SERVER)
            .setNoParent()
            .setStartTimestamp(start, TimeUnit.NANOSECONDS)
            .setAttribute(ServiceNode.METHOD, method)
            .setAttribute(ServiceNode.ROUTE, route)
            .startSpan();
    Context ctx = Context.root().with(span);
    Result inner = work.run(ctx, start + ms(r, 0.1, 0.5));
    long end = inner.end() + ms(r, 0.1, 0.5);
    finishServer(gateway, span, ctx, method, route, start, end, inner.status());
    return new Result(end, inner.status());
  }

  /** A call from {@code caller} to {@code callee}: client span, traceparent, server span. */
  private Result hop(
      Random r,
      ServiceNode caller,
      Context callerCtx,
      ServiceNode callee,
      String method,
      String route,
      long start,
      Work work) {
    Span client =
        caller
            .tracer
            .spanBuilder(method + " " + route)
            .setParent(callerCtx)
            .setSpanKind(SpanKind.CLIENT)
            .setStartTimestamp(start, TimeUnit.NANOSECONDS)
            .setAttribute(ServiceNode.METHOD, method)
            .setAttribute("server.address", callee.name)
            .setAttribute("peer.service", callee.name)
            .startSpan();
    Map<String, String> headers = new HashMap<>();
    W3C.inject(callerCtx.with(client), headers, Map::put);
    long arrived = start + ms(r, 0.2, 1);
    Context extracted = W3C.extract(Context.root(), headers, GETTER);
    Span server =
        callee
            .tracer
            .spanBuilder(method + " " + route)
            .setParent(extracted)
            .setSpanKind(SpanKind.SERVER)
            .setStartTimestamp(arrived, TimeUnit.NANOSECONDS)
            .setAttribute(ServiceNode.METHOD, method)
            .setAttribute(ServiceNode.ROUTE, route)
            .startSpan();
    Context serverCtx = extracted.with(server);
    Result inner = work.run(serverCtx, arrived + ms(r, 0.05, 0.3));
    finishServer(callee, server, serverCtx, method, route, arrived, inner.end(), inner.status());
    long back = inner.end() + ms(r, 0.2, 1);
    client.setAttribute(ServiceNode.STATUS, (long) inner.status());
    if (inner.failed()) {
      client.setStatus(StatusCode.ERROR);
    }
    client.end(back, TimeUnit.NANOSECONDS);
    return new Result(back, inner.status());
  }

  private void finishServer(
      ServiceNode node,
      Span span,
      Context ctx,
      String method,
      String route,
      long start,
      long end,
      int status) {
    span.setAttribute(ServiceNode.STATUS, (long) status);
    if (status >= 500) {
      span.setStatus(StatusCode.ERROR);
    }
    span.end(end, TimeUnit.NANOSECONDS);
    node.busyNanos.addAndGet(end - start);
    node.serverDuration.record(
        (end - start) / 1e9,
        Attributes.of(
            ServiceNode.METHOD,
            method,
            ServiceNode.ROUTE,
            route,
            ServiceNode.STATUS,
            (long) status),
        ctx.with(span)); // in the span's context, so the SDK attaches its trace as an exemplar
    if (status >= 500) {
      log(
          node,
          ctx,
          end,
          Severity.ERROR,
          "{\"msg\":\"request failed\",\"route\":\""
              + route
              + "\",\"status\":"
              + status
              + ",\"latency_ms\":"
              + TimeUnit.NANOSECONDS.toMillis(end - start)
              + "}");
    }
  }

  private long db(
      Random r,
      ServiceNode node,
      Context ctx,
      long start,
      String operation,
      String table,
      long duration) {
    Span span =
        node.tracer
            .spanBuilder(operation + " shop." + table)
            .setParent(ctx)
            .setSpanKind(SpanKind.CLIENT)
            .setStartTimestamp(start, TimeUnit.NANOSECONDS)
            .setAttribute(DB_SYSTEM, "postgresql")
            .setAttribute(DB_OPERATION, operation)
            .setAttribute(DB_COLLECTION, table)
            .startSpan();
    long end = start + duration;
    span.end(end, TimeUnit.NANOSECONDS);
    node.dbDuration.record(
        duration / 1e9,
        Attributes.of(DB_SYSTEM, "postgresql", DB_OPERATION, operation, DB_COLLECTION, table),
        ctx.with(span));
    if (duration > TimeUnit.MILLISECONDS.toNanos(100)) {
      log(
          node,
          ctx.with(span),
          end,
          Severity.WARN,
          "{\"msg\":\"slow query\",\"table\":\""
              + table
              + "\",\"duration_ms\":"
              + TimeUnit.NANOSECONDS.toMillis(duration)
              + "}");
    }
    return end;
  }

  private static void log(
      ServiceNode node, Context ctx, long timeNanos, Severity severity, String jsonBody) {
    node.logger
        .logRecordBuilder()
        .setContext(ctx)
        .setTimestamp(timeNanos, TimeUnit.NANOSECONDS)
        .setSeverity(severity)
        .setSeverityText(severity.name().replaceAll("\\d", ""))
        .setBody(jsonBody)
        .emit();
  }

  /** A latency between {@code lo} and {@code hi} ms, log-normal-ish so tails exist. */
  private static long ms(Random r, double lo, double hi) {
    double u = r.nextDouble();
    double skewed = u * u;
    return (long) ((lo + (hi - lo) * skewed) * 1_000_000);
  }

  private static long slow(Set<Incident> incidents, Incident which, long factor) {
    return incidents.contains(which) ? factor : 1;
  }

  void flush() {
    all.forEach(ServiceNode::flush);
  }

  @Override
  public void close() {
    all.forEach(ServiceNode::close);
  }
}
