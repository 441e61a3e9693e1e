package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.collector.CollectorConfig;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a certificate configured, every listener speaks TLS: OTLP/gRPC, OTLP/HTTP and the HTTP API.
 */
class TlsTest {
  @TempDir Path dir;

  @Test
  void everyListenerServesTls() throws Exception {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Process openssl =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=localhost",
                "-addext",
                "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString())
            .redirectErrorStream(true)
            .start();
    String opensslOutput = new String(openssl.getInputStream().readAllBytes());
    assertThat(openssl.waitFor()).as(opensslOutput).isZero();
    byte[] certPem = Files.readAllBytes(cert);

    VigilConfig config = VigilConfig.defaults().withDataDir(dir.resolve("data"));
    config = config.withCollector(config.collector().withTls(new CollectorConfig.Tls(cert, key)));
    try (RunningServer vigil = new RunningServer(config)) {
      InMemorySpanExporter sent = InMemorySpanExporter.create();
      SdkTracerProvider tracing =
          SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(sent)).build();
      tracing.get("t").spanBuilder("over tls").startSpan().end();
      SpanExporter grpc =
          OtlpGrpcSpanExporter.builder()
              .setEndpoint("https://127.0.0.1:" + vigil.server.otlpGrpcPort())
              .setTrustedCertificates(certPem)
              .build();
      SpanExporter http =
          OtlpHttpSpanExporter.builder()
              .setEndpoint("https://127.0.0.1:" + vigil.server.otlpHttpPort() + "/v1/traces")
              .setTrustedCertificates(certPem)
              .build();
      assertThat(grpc.export(sent.getFinishedSpanItems()).join(30, TimeUnit.SECONDS).isSuccess())
          .isTrue();
      assertThat(http.export(sent.getFinishedSpanItems()).join(30, TimeUnit.SECONDS).isSuccess())
          .isTrue();
      assertThat(vigil.spans.items()).hasSize(2);
      grpc.shutdown();
      http.shutdown();
      tracing.shutdown();

      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry(
          "vigil",
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(certPem)));
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      HttpClient client = HttpClient.newBuilder().sslContext(ssl).build();
      HttpResponse<String> ready =
          client.send(
              HttpRequest.newBuilder(
                      URI.create("https://127.0.0.1:" + vigil.server.httpPort() + "/-/ready"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).isEqualTo(200);
    }
  }
}
