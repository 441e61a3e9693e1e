package dev.vigil.tracestore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Tenant;
import dev.vigil.model.TraceId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a damaged directory: what is derived is rebuilt, what is corrupt is moved aside. */
class RecoveryTest {
  private static final Tenant TENANT = new Tenant("r");
  @TempDir Path dir;

  private static TraceStoreOptions options() {
    return TraceStoreOptions.defaults().withMaintenanceInterval(Duration.ofHours(1));
  }

  private List<List<StoredSpan>> fill(int segments) throws Exception {
    List<List<StoredSpan>> traces = new ArrayList<>();
    TraceGenerator g = new TraceGenerator(2, 1_800_000_000_000_000_000L);
    try (TraceStore store = TraceStore.open(dir, options())) {
      for (int s = 0; s < segments; s++) {
        for (int i = 0; i < 20; i++) {
          List<StoredSpan> t = g.trace();
          traces.add(t);
          store.sink().append(TraceGenerator.batch(TENANT, t));
        }
        store.flush();
      }
    }
    return traces;
  }

  private Path tenantDir(String sub) {
    return dir.resolve("tenants").resolve("r").resolve(sub);
  }

  @Test
  void aDeletedIndexIsRebuiltFromTheSegments() throws Exception {
    List<List<StoredSpan>> traces = fill(3);
    try (Stream<Path> s = Files.list(tenantDir("index"))) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
    try (TraceStore store = TraceStore.open(dir, options())) {
      assertThat(store.search(TENANT, TraceSearch.traceQl("{ }", 0, Long.MAX_VALUE, 1000)))
          .hasSize(traces.size());
      assertThat(store.services(TENANT)).contains("frontend", "mailer");
    }
  }

  @Test
  void anIndexOfAnOlderDocumentFormatIsRebuilt() throws Exception {
    List<List<StoredSpan>> traces = fill(2);
    // What a format-1 index looked like: start as a point, no format in the commit data. Its
    // documents are dropped here, so only a rebuild can make the spans searchable again.
    try (org.apache.lucene.store.FSDirectory d =
            org.apache.lucene.store.FSDirectory.open(tenantDir("index"));
        org.apache.lucene.index.IndexWriter w =
            new org.apache.lucene.index.IndexWriter(
                d,
                new org.apache.lucene.index.IndexWriterConfig()
                    .setOpenMode(org.apache.lucene.index.IndexWriterConfig.OpenMode.CREATE))) {
      org.apache.lucene.document.Document old = new org.apache.lucene.document.Document();
      old.add(new org.apache.lucene.document.LongPoint("start", 1L));
      old.add(new org.apache.lucene.document.NumericDocValuesField("start", 1L));
      w.addDocument(old);
      w.setLiveCommitData(java.util.Map.of("vigil.indexedThrough", "2").entrySet());
      w.commit();
    }
    List<String> reports = new ArrayList<>();
    java.util.logging.Logger log =
        java.util.logging.Logger.getLogger(TenantRecovery.class.getName());
    java.util.logging.Handler h =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord r) {
            reports.add(r.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    log.addHandler(h);
    try (TraceStore store = TraceStore.open(dir, options())) {
      assertThat(store.search(TENANT, TraceSearch.traceQl("{ }", 0, Long.MAX_VALUE, 1000)))
          .hasSize(traces.size());
    } finally {
      log.removeHandler(h);
    }
    assertThat(reports).anyMatch(m -> m.contains("document format 1") && m.contains("rebuilding"));
  }

  @Test
  void aGarbledIndexIsRebuiltToo() throws Exception {
    List<List<StoredSpan>> traces = fill(2);
    try (Stream<Path> s = Files.list(tenantDir("index"))) {
      for (Path p : s.filter(p -> p.getFileName().toString().startsWith("segments_")).toList()) {
        Files.write(p, new byte[] {1, 2, 3});
      }
    }
    try (TraceStore store = TraceStore.open(dir, options())) {
      assertThat(store.search(TENANT, TraceSearch.traceQl("{ }", 0, Long.MAX_VALUE, 1000)))
          .hasSize(traces.size());
    }
  }

  @Test
  void aCorruptSegmentIsMovedAsideAndTheRestStaysReadable() throws Exception {
    List<List<StoredSpan>> traces = fill(2);
    Path first;
    try (Stream<Path> s = Files.list(tenantDir("segments"))) {
      first = s.sorted().findFirst().orElseThrow();
    }
    byte[] b = Files.readAllBytes(first);
    b[b.length - 20] ^= 0x10; // inside the checksummed tail
    Files.write(first, b);
    try (TraceStore store = TraceStore.open(dir, options())) {
      assertThat(store.stats(TENANT).quarantinedSegments()).isEqualTo(1);
      assertThat(Files.exists(first.resolveSibling(first.getFileName() + ".corrupt"))).isTrue();
      TraceId second = traces.get(25).get(0).span().traceId();
      assertThat(store.traceById(TENANT, second)).isPresent();
      assertThat(store.traceById(TENANT, traces.get(0).get(0).span().traceId())).isEmpty();
    }
  }

  @Test
  void aSecondProcessCannotOpenTheSameDirectory() throws Exception {
    try (TraceStore store = TraceStore.open(dir, options())) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> TraceStore.open(dir, options()))
          .hasMessageContaining("in use by another Vigil process");
    }
  }
}
