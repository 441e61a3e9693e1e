package dev.vigil.server.prometheus;

import dev.vigil.model.access.AccessPolicy;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import jakarta.inject.Singleton;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Puts a {@link RemoteWriteChannelHandler} into every HTTP/1.x connection of the HTTP API, just
 * before Micronaut's own handler, so remote write is served on the API's port without Micronaut's
 * routing. HTTP/2 connections (TLS with ALPN) keep the controller. Each stored request runs on a
 * virtual thread of its own, as Micronaut's blocking executor ran it: most of its time is waiting
 * for the WAL's fsync, and a connection has at most one request stored at a time.
 */
@Singleton
final class RemoteWritePipeline
    implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {
  /** As {@code micronaut.server.max-request-size}: a larger body is left to Micronaut to refuse. */
  private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

  private final RemoteWriteReceiver receiver;
  private final AccessPolicy access;
  private final ExecutorService worker =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("remote-write-", 0).factory());

  RemoteWritePipeline(RemoteWriteReceiver receiver, AccessPolicy access) {
    this.receiver = receiver;
    this.access = access;
  }

  @Override
  public NettyServerCustomizer.Registry onCreated(
      BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
    event.getBean().register(new PerConnection(null));
    return event.getBean();
  }

  /** Specializes itself for each connection and adds the handler once its pipeline is built. */
  private final class PerConnection implements NettyServerCustomizer {
    private final Channel channel;

    PerConnection(Channel channel) {
      this.channel = channel;
    }

    @Override
    public NettyServerCustomizer specializeForChannel(Channel c, ChannelRole role) {
      return role == ChannelRole.CONNECTION ? new PerConnection(c) : this;
    }

    @Override
    public void onStreamPipelineBuilt() {
      if (channel == null) {
        return;
      }
      ChannelPipeline p = channel.pipeline();
      if (p.get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null
          && p.get(ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND) != null) {
        p.addBefore(
            ChannelPipelineCustomizer.HANDLER_MICRONAUT_INBOUND,
            "vigil-remote-write",
            new RemoteWriteChannelHandler(receiver, access, worker, MAX_BODY_BYTES));
      }
    }
  }
}
