package dev.vigil.server.prometheus;

import dev.vigil.model.Tenant;
import dev.vigil.model.access.AccessPolicy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Serves {@code POST /api/v1/write} on an HTTP/1.1 connection without Micronaut's routing: the body
 * is gathered on the event loop, one task on {@code worker} decodes, stores and waits for the WAL,
 * and the answer goes back to the event loop once. Through Micronaut, the request threads and event
 * loops spent about a fifth of the server's samples on routing, filters, body binding and handing
 * work back and forth (tsdb/README.md, "Ingest through remote write").
 *
 * <p>It takes only what it can answer exactly as the controller would, and passes everything else
 * on, untouched, to Micronaut: other paths and methods, a body without a {@code Content-Length} or
 * over the size limit, {@code Expect: 100-continue}, another encoding than snappy, a token or
 * tenant the {@link AccessPolicy} refuses (the access filter answers those), and any request while
 * one that Micronaut serves is still unanswered on the connection, so answers keep their order.
 * While its own request is being stored it holds back Micronaut's reads, so a pipelining client
 * waits, as it would behind the controller. One per connection; event-loop confined.
 */
final class RemoteWriteChannelHandler extends ChannelDuplexHandler {
  static final String PATH = "/api/v1/write";
  private static final int FIRST_BODY_BYTES = 256 * 1024;

  private enum State {
    /** Between requests, or passing a request on to Micronaut. */
    IDLE,
    /** Gathering the body of a request this serves. */
    GATHERING,
    /** A request of this handler is being stored; what arrives meanwhile waits in {@link #held}. */
    STORING
  }

  private final RemoteWriteReceiver receiver;
  private final AccessPolicy access;
  private final Executor worker;
  private final int maxBodyBytes;

  private State state = State.IDLE;

  /** Requests passed on to Micronaut whose answers have not been written completely. */
  private int passedOn;

  private boolean passingBody;
  private Tenant tenant;
  private boolean keepAlive;
  private HttpVersion version;
  private byte[] body;
  private int bodyLength;

  /** The body's announced length; the array grows towards it as bytes arrive. */
  private int announced;

  private final ArrayDeque<Object> held = new ArrayDeque<>();
  private boolean readHeld;

  RemoteWriteChannelHandler(
      RemoteWriteReceiver receiver, AccessPolicy access, Executor worker, int maxBodyBytes) {
    this.receiver = receiver;
    this.access = access;
    this.worker = worker;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (state == State.STORING) {
      held.add(msg);
      return;
    }
    if (state == State.GATHERING) {
      gather(ctx, msg);
      return;
    }
    if (msg instanceof HttpRequest request && !passingBody) {
      if (takes(request)) {
        start(request);
        if (msg instanceof HttpContent) {
          gather(ctx, msg);
        }
        return;
      }
      passedOn++;
      passingBody = !(msg instanceof LastHttpContent);
      ctx.fireChannelRead(msg);
      return;
    }
    if (msg instanceof LastHttpContent) {
      passingBody = false;
    }
    ctx.fireChannelRead(msg);
  }

  /** Whether this serves {@code request} itself (see the class comment for what it leaves). */
  private boolean takes(HttpRequest request) {
    if (passedOn > 0
        || !request.method().equals(HttpMethod.POST)
        || !request.decoderResult().isSuccess()
        || !PATH.equals(pathOf(request.uri()))
        || HttpUtil.is100ContinueExpected(request)
        || HttpUtil.isTransferEncodingChunked(request)
        || !RemoteWriteReceiver.acceptsEncoding(
            request.headers().get(HttpHeaderNames.CONTENT_ENCODING))) {
      return false;
    }
    long length = HttpUtil.getContentLength(request, -1L);
    if (length < 0 || length > maxBodyBytes) {
      return false;
    }
    AccessPolicy.Decision decision =
        access.decide(
            request.headers().get(HttpHeaderNames.AUTHORIZATION),
            request.headers().get(access.tenantHeader()));
    if (!(decision instanceof AccessPolicy.Decision.Granted granted)) {
      return false;
    }
    tenant = granted.tenant();
    announced = (int) length;
    // Not the announced length at once: a client announcing 16 MiB and sending nothing would hold
    // it.
    body = new byte[Math.min(announced, FIRST_BODY_BYTES)];
    return true;
  }

  private static String pathOf(String uri) {
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q);
  }

  private void start(HttpRequest request) {
    state = State.GATHERING;
    keepAlive = HttpUtil.isKeepAlive(request);
    version = request.protocolVersion();
    bodyLength = 0;
  }

  private void gather(ChannelHandlerContext ctx, Object msg) {
    boolean broken = false;
    try {
      if (msg instanceof HttpContent content) {
        ByteBuf buf = content.content();
        int n = buf.readableBytes();
        // The codec frames the body by its Content-Length, so more than announced means it broke.
        broken = content.decoderResult().isFailure() || n > announced - bodyLength;
        if (!broken) {
          if (n > body.length - bodyLength) {
            body =
                java.util.Arrays.copyOf(
                    body, Math.min(announced, Math.max(bodyLength + n, 2 * body.length)));
          }
          buf.readBytes(body, bodyLength, n);
          bodyLength += n;
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
    if (broken) {
      // The rest of the connection's bytes cannot be framed any more: answer and close.
      state = State.STORING;
      answer(ctx, new RemoteWriteReceiver.Answer(400, "malformed HTTP request body"), true);
    } else if (msg instanceof LastHttpContent) {
      store(ctx);
    }
  }

  private void store(ChannelHandlerContext ctx) {
    state = State.STORING;
    Tenant t = tenant;
    byte[] b = bodyLength == body.length ? body : java.util.Arrays.copyOf(body, bodyLength);
    tenant = null;
    body = null;
    worker.execute(() -> {
      RemoteWriteReceiver.Answer a;
      try {
        a = receiver.write(t, b, RemoteWriteReceiver.Path.CONNECTION);
      } catch (RuntimeException e) {
        a = new RemoteWriteReceiver.Answer(500, "remote write failed: " + e);
      }
      RemoteWriteReceiver.Answer answer = a;
      ctx.channel().eventLoop().execute(() -> answer(ctx, answer, false));
    });
  }

  /** Writes the answer, then serves what arrived meanwhile. */
  private void answer(
      ChannelHandlerContext ctx, RemoteWriteReceiver.Answer answer, boolean thenClose) {
    if (!ctx.channel().isActive()) {
      releaseHeld();
      return;
    }
    FullHttpResponse response;
    if (answer.status() == 204) {
      response = new DefaultFullHttpResponse(version, HttpResponseStatus.NO_CONTENT);
    } else {
      byte[] text = answer.body().getBytes(StandardCharsets.UTF_8);
      response =
          new DefaultFullHttpResponse(
              version, HttpResponseStatus.valueOf(answer.status()), Unpooled.wrappedBuffer(text));
      response
          .headers()
          .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
          .setInt(HttpHeaderNames.CONTENT_LENGTH, text.length);
    }
    boolean close = thenClose || !keepAlive;
    if (close) {
      response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    state = State.IDLE;
    var written = ctx.writeAndFlush(response);
    if (close) {
      written.addListener(ChannelFutureListener.CLOSE);
      releaseHeld();
      return;
    }
    while (!held.isEmpty() && state != State.STORING) {
      channelRead(ctx, held.poll());
    }
    if (state != State.STORING && readHeld) {
      readHeld = false;
      ctx.read();
    }
  }

  private void releaseHeld() {
    for (Object m; (m = held.poll()) != null; ) {
      ReferenceCountUtil.release(m);
    }
  }

  /** Micronaut asks for more input whenever it is idle; not while this is storing. */
  @Override
  public void read(ChannelHandlerContext ctx) {
    if (state == State.STORING) {
      readHeld = true;
      return;
    }
    ctx.read();
  }

  /** Counts the answers Micronaut completes, so a request behind one of them is passed on too. */
  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    boolean informational =
        msg instanceof HttpResponse r && r.status().codeClass() == HttpStatusClass.INFORMATIONAL;
    if (msg instanceof LastHttpContent && !informational && passedOn > 0) {
      passedOn--;
    }
    ctx.write(msg, promise);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releaseHeld();
  }
}
