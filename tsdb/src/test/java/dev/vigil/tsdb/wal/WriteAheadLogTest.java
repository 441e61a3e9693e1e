package dev.vigil.tsdb.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriteAheadLogTest {
  @TempDir Path dir;

  private static byte[] rec(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private List<String> replay(long segmentSize) throws Exception {
    List<String> seen = new ArrayList<>();
    try (WriteAheadLog wal =
        WriteAheadLog.open(
            dir,
            segmentSize,
            FsyncPolicy.ALWAYS,
            0,
            r -> seen.add(new String(r, StandardCharsets.UTF_8)))) {
      assertThat(wal.replayedRecords()).isEqualTo(seen.size());
    }
    return seen;
  }

  @Test
  void recordsComeBackInOrderAcrossSegments() throws Exception {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, 64, FsyncPolicy.ALWAYS, 0, r -> {})) {
      for (int i = 0; i < 20; i++) {
        wal.log(rec("record-" + i));
      }
    }
    assertThat(WriteAheadLog.segments(dir).size()).isGreaterThan(3);
    List<String> seen = replay(64);
    assertThat(seen).hasSize(20);
    assertThat(seen.get(0)).isEqualTo("record-0");
    assertThat(seen.get(19)).isEqualTo("record-19");
  }

  @Test
  void appendsContinueAfterReopening() throws Exception {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, 1 << 20, FsyncPolicy.ALWAYS, 0, r -> {})) {
      wal.log(rec("a"));
    }
    try (WriteAheadLog wal = WriteAheadLog.open(dir, 1 << 20, FsyncPolicy.ALWAYS, 0, r -> {})) {
      wal.log(rec("b"));
    }
    assertThat(replay(1 << 20)).containsExactly("a", "b");
  }

  @Test
  void aTornTailIsCutOffAndReported() throws Exception {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, 1 << 20, FsyncPolicy.ALWAYS, 0, r -> {})) {
      wal.log(rec("kept-1"));
      wal.log(rec("kept-2"));
      wal.log(rec("torn-record-with-some-length"));
    }
    Path segment = WriteAheadLog.segmentPath(dir, 0);
    long size = Files.size(segment);
    try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
      f.setLength(size - 5); // the crash happened mid-record
    }
    List<String> seen = new ArrayList<>();
    try (WriteAheadLog wal =
        WriteAheadLog.open(
            dir,
            1 << 20,
            FsyncPolicy.ALWAYS,
            0,
            r -> seen.add(new String(r, StandardCharsets.UTF_8)))) {
      assertThat(wal.corruptions()).hasSize(1);
      assertThat(wal.corruptions().get(0).reason()).contains("torn record");
      wal.log(rec("after-crash"));
    }
    assertThat(seen).containsExactly("kept-1", "kept-2");
    assertThat(replay(1 << 20)).containsExactly("kept-1", "kept-2", "after-crash");
  }

  @Test
  void aChecksumMismatchOrZeroFillStopsReplayThereAndDropsLaterSegments() throws Exception {
    try (WriteAheadLog wal = WriteAheadLog.open(dir, 48, FsyncPolicy.ALWAYS, 0, r -> {})) {
      for (int i = 0; i < 10; i++) {
        wal.log(rec("r" + i));
      }
    }
    List<Integer> segments = WriteAheadLog.segments(dir);
    assertThat(segments.size()).isGreaterThan(2);
    Path second = WriteAheadLog.segmentPath(dir, segments.get(1));
    try (RandomAccessFile f = new RandomAccessFile(second.toFile(), "rw")) {
      f.seek(WalRecordFormat.SEGMENT_HEADER_SIZE + WalRecordFormat.RECORD_HEADER_SIZE);
      f.write('X'); // flip a payload byte
    }
    List<String> seen = replay(48);
    assertThat(seen).isNotEmpty().allMatch(s -> s.matches("r\\d"));
    assertThat(seen.size()).isLessThan(10);
    assertThat(WriteAheadLog.segments(dir)).hasSize(2);

    // Zero-filled space (pre-allocated file after a crash) is a torn tail too.
    try (RandomAccessFile f = new RandomAccessFile(second.toFile(), "rw")) {
      f.seek(f.length());
      f.write(new byte[64]);
    }
    assertThat(replay(48)).isEqualTo(seen);
  }

  @Test
  void concurrentCommitsShareSyncsAndAllArrive() throws Exception {
    int threads = 8;
    int perThread = 200;
    try (WriteAheadLog wal = WriteAheadLog.open(dir, 1 << 20, FsyncPolicy.ALWAYS, 0, r -> {})) {
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        done.add(
            pool.submit(() -> {
              for (int i = 0; i < perThread; i++) {
                wal.log(rec(id + ":" + i));
              }
              return null;
            }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdown();
    }
    List<String> seen = replay(1 << 20);
    assertThat(seen).hasSize(threads * perThread);
    for (int t = 0; t < threads; t++) {
      String prefix = t + ":";
      List<String> mine = seen.stream().filter(s -> s.startsWith(prefix)).toList();
      assertThat(mine).hasSize(perThread);
      for (int i = 0; i < perThread; i++) {
        assertThat(mine.get(i)).isEqualTo(prefix + i);
      }
    }
  }
}
