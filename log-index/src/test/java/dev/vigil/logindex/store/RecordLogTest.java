package dev.vigil.logindex.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.Attributes;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The record file: every record reads back byte for byte by its ordinal, pending or in a chunk;
 * opening cuts it back to a commit's length and ordinals go on from there; damage is reported.
 */
class RecordLogTest {
  @TempDir Path dir;

  /** Log records as the writer stores them (columns apply), with some odd bytes (rows). */
  private static List<byte[]> records(Random rnd, int n) {
    List<byte[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int kind = rnd.nextInt(50);
      if (kind == 0) {
        byte[] junk = new byte[1 + rnd.nextInt(300)];
        rnd.nextBytes(junk);
        out.add(junk);
      } else if (kind == 1) {
        // Larger than a chunk: a chunk of its own.
        byte[] big = new byte[RecordLog.CHUNK_BYTES + rnd.nextInt(10_000)];
        rnd.nextBytes(big);
        out.add(big);
      } else {
        out.add(
            RecordCodec.encode(
                new StoredRecord(
                    Attributes.of("service.name", "svc-" + rnd.nextInt(3)),
                    "scope",
                    "1",
                    RandomRecords.record(rnd, rnd.nextBoolean()))));
      }
    }
    return out;
  }

  private static List<BytesRef> refs(List<byte[]> records) {
    return records.stream().map(BytesRef::new).toList();
  }

  private static void assertReadsBack(RecordLog log, List<byte[]> records, Random rnd)
      throws IOException {
    RecordLog.Reader reader = log.reader();
    for (int i = 0; i < records.size(); i++) {
      BytesRef r = reader.read(i);
      assertThat(BytesRef.deepCopyOf(r).bytes)
          .as("record %d in order", i)
          .isEqualTo(records.get(i));
    }
    for (int k = 0; k < 500; k++) {
      int i = rnd.nextInt(records.size());
      assertThat(BytesRef.deepCopyOf(reader.read(i)).bytes)
          .as("record %d at random", i)
          .isEqualTo(records.get(i));
    }
  }

  @Test
  void recordsReadBackPendingAndWrittenAndAfterReopening() throws Exception {
    Random rnd = new Random(1);
    List<byte[]> records = records(rnd, 9_000);
    long committed;
    try (RecordLog log = RecordLog.open(dir, -1)) {
      int at = 0;
      while (at < records.size()) {
        int n = Math.min(records.size() - at, 1 + rnd.nextInt(700));
        assertThat(log.append(refs(records.subList(at, at + n)))).isEqualTo(at);
        at += n;
        if (rnd.nextInt(5) == 0) {
          assertReadsBack(log, records.subList(0, at), rnd);
        }
      }
      assertThat(log.records()).isEqualTo(records.size());
      assertReadsBack(log, records, rnd); // the last ones still pending
      committed = log.sync();
      assertReadsBack(log, records, rnd);
      assertThat(committed).isEqualTo(Files.size(dir.resolve(RecordLog.FILE)));
    }
    try (RecordLog log = RecordLog.open(dir, committed)) {
      assertThat(log.records()).isEqualTo(records.size());
      assertReadsBack(log, records, rnd);
    }
  }

  @Test
  void openingCutsBackToTheCommitAndOrdinalsGoOn() throws Exception {
    Random rnd = new Random(2);
    List<byte[]> first = records(rnd, 3_000);
    List<byte[]> lost = records(rnd, 3_000);
    List<byte[]> after = records(rnd, 500);
    long committed;
    try (RecordLog log = RecordLog.open(dir, -1)) {
      log.append(refs(first));
      committed = log.sync();
      log.append(refs(lost));
      log.sync(); // written, but no commit recorded it: a crash before the Lucene commit
    }
    assertThat(Files.size(dir.resolve(RecordLog.FILE))).isGreaterThan(committed);
    try (RecordLog log = RecordLog.open(dir, committed)) {
      assertThat(Files.size(dir.resolve(RecordLog.FILE))).isEqualTo(committed);
      assertThat(log.records()).isEqualTo(first.size());
      assertThat(log.append(refs(after))).isEqualTo(first.size());
      List<byte[]> all = new ArrayList<>(first);
      all.addAll(after);
      assertReadsBack(log, all, rnd);
      assertThatThrownBy(() -> log.reader().read(all.size()))
          .isInstanceOf(CorruptIndexException.class)
          .hasMessageContaining("record " + all.size());
    }
  }

  @Test
  void aPartitionWithoutACommitStartsOver() throws Exception {
    Random rnd = new Random(3);
    try (RecordLog log = RecordLog.open(dir, -1)) {
      log.append(refs(records(rnd, 2_000)));
      log.sync();
    }
    try (RecordLog log = RecordLog.open(dir, -1)) {
      assertThat(log.records()).isZero();
      assertThat(Files.size(dir.resolve(RecordLog.FILE))).isEqualTo(RecordLog.HEADER_BYTES);
      List<byte[]> records = records(rnd, 100);
      assertThat(log.append(refs(records))).isZero();
      assertReadsBack(log, records, rnd);
    }
  }

  @Test
  void damageIsReportedWithTheFileAndWhere() throws Exception {
    Random rnd = new Random(4);
    List<byte[]> records = records(rnd, 4_000);
    long committed;
    try (RecordLog log = RecordLog.open(dir, -1)) {
      log.append(refs(records));
      committed = log.sync();
    }
    Path file = dir.resolve(RecordLog.FILE);
    // A flipped byte inside the first chunk's payload: its checksum no longer matches.
    try (FileChannel ch =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.allocate(1);
      long at = RecordLog.HEADER_BYTES + RecordLog.FRAME_HEAD + 10;
      ch.read(b, at);
      b.put(0, (byte) (b.get(0) ^ 0x40)).rewind();
      ch.write(b, at);
    }
    try (RecordLog log = RecordLog.open(dir, committed)) {
      assertThatThrownBy(() -> log.reader().read(0))
          .isInstanceOf(CorruptIndexException.class)
          .hasMessageContaining("checksum mismatch in the chunk at byte 8")
          .hasMessageContaining(file.toString());
    }
    // Shorter than the commit says: refused on opening, not read as if complete.
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(committed - 3);
    }
    assertThatThrownBy(() -> RecordLog.open(dir, committed))
        .isInstanceOf(CorruptIndexException.class)
        .hasMessageContaining("the partition's last commit recorded " + committed);
    // Not a record file at all.
    Files.write(file, "hello, world, this is no record file".getBytes());
    assertThatThrownBy(() -> RecordLog.open(dir, 20))
        .isInstanceOf(CorruptIndexException.class)
        .hasMessageContaining("not a record file");
  }

  @Test
  void concurrentAppendsAndReadsSeeEveryRecord() throws Exception {
    Random rnd = new Random(5);
    List<byte[]> pool = records(rnd, 2_000);
    ConcurrentHashMap<Long, byte[]> written = new ConcurrentHashMap<>();
    long committed;
    try (RecordLog log = RecordLog.open(dir, -1)) {
      ExecutorService threads = Executors.newFixedThreadPool(3);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
          int seed = t;
          done.add(
              threads.submit(() -> {
                Random r = new Random(seed);
                RecordLog.Reader reader = log.reader();
                for (int b = 0; b < 60; b++) {
                  int from = r.nextInt(pool.size() - 100);
                  List<byte[]> batch = pool.subList(from, from + 1 + r.nextInt(99));
                  long first = log.append(refs(batch));
                  for (int i = 0; i < batch.size(); i++) {
                    written.put(first + i, batch.get(i));
                  }
                  // Records just appended read back at once, whoever cut their chunk.
                  for (int i = 0; i < batch.size(); i += 7) {
                    byte[] got = BytesRef.deepCopyOf(reader.read(first + i)).bytes;
                    if (!Arrays.equals(got, batch.get(i))) {
                      throw new AssertionError("record " + (first + i) + " differs");
                    }
                  }
                  if (b % 20 == 19) {
                    log.sync();
                  }
                }
                return null;
              }));
        }
        for (Future<?> f : done) {
          f.get();
        }
      } finally {
        threads.shutdown();
      }
      assertThat(log.records()).isEqualTo(written.size());
      assertReadsBack(log, byOrdinal(written), rnd);
      committed = log.sync();
    }
    // Chunks compressed by several threads at once lie in the file in ordinal order.
    try (RecordLog log = RecordLog.open(dir, committed)) {
      assertThat(log.records()).isEqualTo(written.size());
      assertReadsBack(log, byOrdinal(written), rnd);
    }
  }

  private static List<byte[]> byOrdinal(java.util.Map<Long, byte[]> written) {
    List<byte[]> out = new ArrayList<>(written.size());
    for (long i = 0; i < written.size(); i++) {
      out.add(written.get(i));
    }
    return out;
  }
}
