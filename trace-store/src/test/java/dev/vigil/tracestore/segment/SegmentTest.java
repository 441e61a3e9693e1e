package dev.vigil.tracestore.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.TraceId;
import dev.vigil.tracestore.CorruptStoreException;
import dev.vigil.tracestore.StoredSpan;
import dev.vigil.tracestore.Trace;
import dev.vigil.tracestore.TraceGenerator;
import dev.vigil.tracestore.codec.BlockLayout;
import dev.vigil.tracestore.codec.Compression;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentTest {
  @TempDir Path dir;

  private static List<Trace> traces(int n) {
    TraceGenerator g = new TraceGenerator(7, 1_700_000_000_000_000_000L);
    List<Trace> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<StoredSpan> spans = new ArrayList<>(g.trace());
      spans.sort(Comparator.comparingLong(s -> s.span().startTimeUnixNano()));
      out.add(new Trace(spans.get(0).span().traceId(), spans));
    }
    return out;
  }

  @Test
  void everyTraceIsFoundAndOthersAreNot() throws Exception {
    List<Trace> traces = traces(500);
    SegmentMeta meta =
        new SegmentWriter(BlockLayout.COLUMNS, Compression.ZSTD, 16 << 10)
            .write(dir, 3, traces, 9, 1234);
    assertThat(meta.traceCount()).isEqualTo(500);
    Segment s = Segment.open(meta.file());
    assertThat(s.meta()).isEqualTo(meta);
    assertThat(s.meta().walUpTo()).isEqualTo(9);
    assertThat(s.meta().createdUnixMillis()).isEqualTo(1234);
    for (Trace t : traces) {
      assertThat(s.read(t.traceId())).isEqualTo(t);
    }
    TraceGenerator other = new TraceGenerator(99, 0);
    int bloomPasses = 0;
    for (int i = 0; i < 10_000; i++) {
      TraceId id = other.nextTraceId();
      assertThat(s.read(id)).isNull();
      bloomPasses += s.mightContain(id) ? 1 : 0;
    }
    assertThat(bloomPasses).as("Bloom false positives of 10000").isLessThan(300);
    List<Trace> all = new ArrayList<>();
    s.forEachTrace(all::add);
    assertThat(all).containsExactlyInAnyOrderElementsOf(traces);
    s.close();
  }

  @Test
  void aFlippedByteInABlockIsACorruptionNamingTheFile() throws Exception {
    List<Trace> traces = traces(50);
    SegmentMeta meta =
        new SegmentWriter(BlockLayout.ROW, Compression.DEFLATE, 4 << 10)
            .write(dir, 1, traces, 0, 0);
    try (RandomAccessFile f = new RandomAccessFile(meta.file().toFile(), "rw")) {
      f.seek(100);
      int b = f.read();
      f.seek(100);
      f.write(b ^ 0x40);
    }
    Segment s = Segment.open(meta.file());
    assertThatThrownBy(
            () -> {
              for (Trace t : traces) {
                s.read(t.traceId());
              }
            })
        .isInstanceOf(CorruptStoreException.class)
        .hasMessageContaining(meta.file().getFileName().toString())
        .hasMessageContaining("checksum mismatch in block");
    s.close();
  }

  @Test
  void aDamagedIndexOrTruncatedFileFailsAtOpen() throws Exception {
    SegmentMeta meta =
        new SegmentWriter(BlockLayout.ROW, Compression.ZSTD, 4 << 10)
            .write(dir, 1, traces(20), 0, 0);
    byte[] bytes = Files.readAllBytes(meta.file());
    bytes[bytes.length - 40] ^= 1;
    Path bad = dir.resolve("bad.seg");
    Files.write(bad, bytes);
    assertThatThrownBy(() -> Segment.open(bad))
        .isInstanceOf(CorruptStoreException.class)
        .hasMessageContaining("index checksum mismatch");
    Path cut = dir.resolve("cut.seg");
    Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(meta.file()), 1000));
    assertThatThrownBy(() -> Segment.open(cut))
        .isInstanceOf(CorruptStoreException.class)
        .hasMessageContaining("cut.seg");
  }

  @Test
  void anEmptySegmentOpens() throws Exception {
    SegmentMeta meta =
        new SegmentWriter(BlockLayout.ROW, Compression.ZSTD, 4 << 10)
            .write(dir, 1, List.of(), 0, 0);
    Segment s = Segment.open(meta.file());
    assertThat(s.read(new TraceId(1, 2))).isNull();
    s.close();
  }
}
