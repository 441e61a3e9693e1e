package dev.vigil.tracestore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Tenant;
import dev.vigil.model.TraceId;
import dev.vigil.tracestore.segment.Segment;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acknowledged spans survive a crash, and nothing comes back twice. */
class CrashTest {
  private static final Tenant TENANT = new Tenant("crash");
  @TempDir Path dir;

  @Test
  void killMinusNineLosesNothingAcknowledgedAndDuplicatesNothing() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m"));
    if (Runtime.version().feature() >= 23) {
      cmd.add("--sun-misc-unsafe-memory-access=allow");
    }
    cmd.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            CrashWriter.class.getName(),
            dir.toString(),
            "5"));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    Map<TraceId, Integer> sent = new LinkedHashMap<>();
    Map<TraceId, Integer> acked = new LinkedHashMap<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        String[] f = line.split(" ");
        TraceId id = TraceId.fromHex(f[1]);
        (f[0].equals("ACK") ? acked : sent).put(id, Integer.parseInt(f[2]));
        if (acked.size() == 1500 && p.isAlive()) {
          // SIGKILL through the handle: Process.destroyForcibly would also close our pipe.
          p.toHandle().destroyForcibly();
        }
      }
    }
    p.waitFor();
    assertThat(acked).hasSizeGreaterThanOrEqualTo(1500);
    try (TraceStore store = TraceStore.open(dir, TraceStoreOptions.defaults())) {
      long expectedSpans = 0;
      for (Map.Entry<TraceId, Integer> e : sent.entrySet()) {
        var t = store.traceById(TENANT, e.getKey());
        if (acked.containsKey(e.getKey())) {
          assertThat(t).as("acknowledged trace %s", e.getKey()).isPresent();
        }
        if (t.isPresent()) {
          assertThat(t.get().spans()).hasSize(e.getValue());
          expectedSpans += e.getValue();
        }
      }
      TraceStoreStats s = store.stats(TENANT);
      // Counted before the read-time de-duplication: a span replayed twice would show here.
      assertThat(s.segmentSpans() + s.bufferedSpans()).isEqualTo(expectedSpans);
      assertThat(s.segments()).as("flushes happened before the kill").isPositive();
      boolean merged = false;
      try (Stream<Path> files = Files.list(dir.resolve("tenants/crash/segments"))) {
        for (Path f : files.filter(f -> f.toString().endsWith(".seg")).toList()) {
          Segment seg = Segment.open(f);
          merged |= seg.meta().replaces().length > 0;
          seg.close();
        }
      }
      assertThat(merged).as("compactions happened before the kill").isTrue();
    }
  }

  @Test
  void aCrashAfterASegmentIsWrittenButBeforeItsLogIsDeletedReplaysNothingTwice() throws Exception {
    Path saved = Files.createDirectories(dir.resolve("saved-wal"));
    Path storeDir = dir.resolve("store");
    Path wal = storeDir.resolve("tenants").resolve("crash").resolve("wal");
    TraceGenerator g = new TraceGenerator(9, 1_700_000_000_000_000_000L);
    long spans = 0;
    try (TraceStore store = open(storeDir)) {
      for (int i = 0; i < 50; i++) {
        List<StoredSpan> t = g.trace();
        spans += t.size();
        store.sink().append(TraceGenerator.batch(TENANT, t));
      }
      copy(wal, saved);
      store.flush();
    }
    copy(saved, wal); // as if the process died before deleting the logs the segment covers
    try (TraceStore store = open(storeDir)) {
      TraceStoreStats s = store.stats(TENANT);
      assertThat(s.replayedSpans()).isZero();
      assertThat(s.segmentSpans() + s.bufferedSpans()).isEqualTo(spans);
    }
  }

  @Test
  void aCopyOfTheDirectoryTakenWithoutClosingHasEveryAcknowledgedSpan() throws Exception {
    Path live = dir.resolve("live");
    Path copy = dir.resolve("copy");
    TraceGenerator g = new TraceGenerator(10, 1_700_000_000_000_000_000L);
    List<StoredSpan> all = new ArrayList<>();
    TraceStore store = open(live);
    for (int i = 0; i < 30; i++) {
      List<StoredSpan> t = g.trace();
      all.addAll(t);
      store.sink().append(TraceGenerator.batch(TENANT, t));
      if (i == 10) {
        store.flush();
      }
    }
    copy(live, copy); // the page cache as a killed process leaves it
    store.close();
    try (TraceStore reopened = open(copy)) {
      for (StoredSpan s : all) {
        assertThat(reopened.traceById(TENANT, s.span().traceId()).orElseThrow().spans())
            .contains(s);
      }
      TraceStoreStats st = reopened.stats(TENANT);
      assertThat(st.segmentSpans() + st.bufferedSpans()).isEqualTo(all.size());
      assertThat(st.replayedSpans()).isPositive();
    }
  }

  private static TraceStore open(Path dir) throws Exception {
    return TraceStore.open(
        dir, TraceStoreOptions.defaults().withMaintenanceInterval(Duration.ofHours(1)));
  }

  private static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!p.getFileName().toString().equals("write.lock")) {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
