package dev.vigil.tracestore.segment;

import dev.vigil.tracestore.StoredSpan;
import dev.vigil.tracestore.Trace;
import dev.vigil.tracestore.TraceGenerator;
import dev.vigil.tracestore.codec.BlockLayout;
import dev.vigil.tracestore.codec.Compression;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Measures bytes per span and trace-by-id read time of each block layout and compression on the
 * generated workload: the numbers behind the defaults (README, "Segment layout"). Run with the test
 * classpath: {@code java -cp … dev.vigil.tracestore.segment.LayoutMeasurement}.
 */
public final class LayoutMeasurement {
  private LayoutMeasurement() {}

  public static void main(String[] args) throws Exception {
    TraceGenerator g = new TraceGenerator(1, 1_700_000_000_000_000_000L);
    List<Trace> traces = new ArrayList<>();
    long spans = 0;
    for (int i = 0; i < 20_000; i++) {
      List<StoredSpan> s = new ArrayList<>(g.trace());
      s.sort(Comparator.comparingLong(x -> x.span().startTimeUnixNano()));
      traces.add(new Trace(s.get(0).span().traceId(), s));
      spans += s.size();
    }
    Path dir = Files.createTempDirectory("layout");
    System.out.printf("%d traces, %d spans%n", traces.size(), spans);
    System.out.printf(
        "%-8s %-8s %8s %10s %12s %12s%n",
        "layout", "codec", "block", "B/span", "write ms", "byId us");
    long seq = 0;
    for (int round = 0; round < 2; round++) { // the first round warms the JIT
      for (int block : new int[] {16 << 10, 64 << 10, 256 << 10}) {
        for (BlockLayout layout : BlockLayout.values()) {
          for (Compression c : new Compression[] {Compression.DEFLATE, Compression.ZSTD}) {
            long t0 = System.nanoTime();
            SegmentMeta m = new SegmentWriter(layout, c, block).write(dir, ++seq, traces, 0, 0);
            long writeMs = (System.nanoTime() - t0) / 1_000_000;
            Segment s = Segment.open(m.file());
            Random r = new Random(3);
            int lookups = 2000;
            long t1 = System.nanoTime();
            for (int i = 0; i < lookups; i++) {
              s.read(traces.get(r.nextInt(traces.size())).traceId());
            }
            long byIdUs = (System.nanoTime() - t1) / 1000 / lookups;
            s.retire();
            if (round == 1) {
              System.out.printf(
                  "%-8s %-8s %7dK %10.1f %12d %12d%n",
                  layout, c, block >> 10, (double) m.sizeBytes() / spans, writeMs, byIdUs);
            }
          }
        }
      }
    }
  }
}
