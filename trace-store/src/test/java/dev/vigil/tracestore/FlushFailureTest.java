package dev.vigil.tracestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.Tenant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A flush that cannot write its segment hands the spans back; the next one stores them once. */
class FlushFailureTest {
  private static final Tenant TENANT = new Tenant("ff");
  @TempDir Path dir;

  @Test
  void aFailedFlushLosesAndDuplicatesNothing() throws Exception {
    TraceGenerator g = new TraceGenerator(12, 1_800_000_000_000_000_000L);
    List<StoredSpan> all = new ArrayList<>();
    try (TraceStore store =
        TraceStore.open(
            dir, TraceStoreOptions.defaults().withMaintenanceInterval(Duration.ofHours(1)))) {
      for (int i = 0; i < 20; i++) {
        List<StoredSpan> t = g.trace();
        all.addAll(t);
        store.sink().append(TraceGenerator.batch(TENANT, t));
      }
      // A directory where the segment's temporary file must go: opening it fails, even as root.
      Path blocker = dir.resolve("tenants/ff/segments/00000000000000000001.seg.tmp");
      Files.createDirectories(blocker);
      assertThatThrownBy(store::flush).isInstanceOf(IOException.class);
      TraceStoreStats failed = store.stats(TENANT);
      assertThat(failed.bufferedSpans()).isEqualTo(all.size());
      assertThat(failed.segments()).isZero();
      for (StoredSpan s : all) {
        assertThat(store.traceById(TENANT, s.span().traceId()).orElseThrow().spans()).contains(s);
      }
      Files.delete(blocker);
      List<StoredSpan> more = g.trace(); // arrives after the failure, lands in the same flush
      all.addAll(more);
      store.sink().append(TraceGenerator.batch(TENANT, more));
      store.flush();
      TraceStoreStats ok = store.stats(TENANT);
      assertThat(ok.segmentSpans()).isEqualTo(all.size());
      assertThat(ok.bufferedSpans()).isZero();
      assertThat(ok.indexedSpans()).isEqualTo(all.size());
    }
    try (TraceStore store = TraceStore.open(dir, TraceStoreOptions.defaults())) {
      TraceStoreStats s = store.stats(TENANT);
      assertThat(s.segmentSpans() + s.bufferedSpans()).isEqualTo(all.size());
      assertThat(s.replayedSpans()).isZero();
    }
  }
}
