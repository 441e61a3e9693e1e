package dev.vigil.collector;

import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.List;

/** What both OTLP listeners share: address, header limit, and TLS from the configured PEM files. */
final class ListenerOptions {
  private ListenerOptions() {}

  /**
   * @param alpn the protocols offered over TLS, in preference order
   */
  static HttpServerOptions of(CollectorConfig config, int port, List<HttpVersion> alpn) {
    HttpServerOptions options =
        new HttpServerOptions().setHost(config.host()).setPort(port).setMaxHeaderSize(64 * 1024);
    if (config.tls() != null) {
      options
          .setSsl(true)
          .setUseAlpn(true)
          .setAlpnVersions(alpn)
          .setKeyCertOptions(
              new PemKeyCertOptions()
                  .setCertPath(config.tls().certificate().toString())
                  .setKeyPath(config.tls().privateKey().toString()));
    }
    return options;
  }
}
