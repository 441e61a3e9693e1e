package dev.vigil.tracestore.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpanWalTest {
  @TempDir Path dir;

  private static final class Recorder implements WalReplayer {
    final List<String> records = new ArrayList<>();
    final List<String> problems = new ArrayList<>();

    @Override
    public void record(byte[] payload, int offset, int length) {
      records.add(new String(payload, offset, length, StandardCharsets.UTF_8));
    }

    @Override
    public void corruption(Path file, long offset, String reason, long dropped) {
      problems.add(reason + "@" + offset);
    }
  }

  private static long write(SpanWal wal, String s) throws Exception {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    long pos = wal.write(b, b.length);
    wal.sync(pos);
    return pos;
  }

  @Test
  void replaysInOrderAcrossRotationsAndSkipsCoveredFiles() throws Exception {
    SpanWal wal = SpanWal.open(dir, true, 0, new Recorder());
    write(wal, "a");
    long first = wal.rotate();
    write(wal, "b");
    write(wal, "c");
    wal.rotate();
    write(wal, "d");
    wal.close();
    Recorder all = new Recorder();
    SpanWal.open(dir, true, 0, all).close();
    assertThat(all.records).containsExactly("a", "b", "c", "d");
    Recorder rest = new Recorder();
    SpanWal.open(dir, true, first, rest).close();
    assertThat(rest.records).containsExactly("b", "c", "d");
    assertThat(rest.problems).isEmpty();
  }

  @Test
  void aTornTailIsCutAndReportedOnce() throws Exception {
    SpanWal wal = SpanWal.open(dir, true, 0, new Recorder());
    write(wal, "one");
    write(wal, "two");
    wal.close();
    Path file =
        SpanWal.fileNumbers(dir).stream()
            .map(n -> dir.resolve(SpanWal.fileName(n)))
            .findFirst()
            .orElseThrow();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(ch.size() - 2);
    }
    Recorder r = new Recorder();
    SpanWal.open(dir, true, 0, r).close();
    assertThat(r.records).containsExactly("one");
    assertThat(r.problems).hasSize(1);
    Recorder again = new Recorder();
    SpanWal.open(dir, true, 0, again).close();
    assertThat(again.records).containsExactly("one");
    assertThat(again.problems).isEmpty();
  }

  @Test
  void aFlippedBitFailsTheChecksum() throws Exception {
    SpanWal wal = SpanWal.open(dir, true, 0, new Recorder());
    write(wal, "hello");
    wal.close();
    Path file = dir.resolve(SpanWal.fileName(SpanWal.fileNumbers(dir).get(0)));
    byte[] b = Files.readAllBytes(file);
    b[b.length - 1] ^= 1;
    Files.write(file, b);
    Recorder r = new Recorder();
    SpanWal.open(dir, true, 0, r).close();
    assertThat(r.records).isEmpty();
    assertThat(r.problems).containsExactly("record checksum mismatch@8");
  }

  @Test
  void concurrentWritersAllSurvive() throws Exception {
    SpanWal wal = SpanWal.open(dir, true, 0, new Recorder());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int id = t;
      fs.add(
          pool.submit(() -> {
            for (int i = 0; i < 50; i++) {
              write(wal, id + ":" + i);
            }
            return null;
          }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    pool.shutdown();
    wal.close();
    Recorder r = new Recorder();
    SpanWal.open(dir, true, 0, r).close();
    assertThat(r.records).hasSize(400).doesNotHaveDuplicates();
  }
}
