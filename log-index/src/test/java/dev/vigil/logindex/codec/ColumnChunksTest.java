package dev.vigil.logindex.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.logindex.store.RandomRecords;
import dev.vigil.logindex.store.RecordCodec;
import dev.vigil.logindex.store.StoredRecord;
import dev.vigil.model.Attributes;
import dev.vigil.model.TraceId;
import dev.vigil.model.log.LogRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.lucene.codecs.compressing.Compressor;
import org.apache.lucene.codecs.compressing.Decompressor;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.store.ByteBuffersDataInput;
import org.apache.lucene.store.ByteBuffersDataOutput;
import org.apache.lucene.store.ByteBuffersIndexInput;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

/**
 * Chunks of log records go into columns and come back byte for byte (records of both stored
 * versions, every value type, repeated and changing resources, with and without trace ids); any
 * other chunk is stored as it comes and comes back too; damaged columns are reported as a corrupt
 * index (or a read past the end), never as another exception.
 */
class ColumnChunksTest {
  private final ColumnChunks mode = new ColumnChunks();

  @Test
  void chunksOfRandomRecordsGoIntoColumnsAndComeBack() throws IOException {
    Random rnd = new Random(21);
    for (int i = 0; i < 300; i++) {
      byte[] chunk = chunk(rnd, records(rnd, 1 + rnd.nextInt(i % 10 == 0 ? 800 : 40)));
      byte[] stored = compress(chunk);
      assertThat(stored[0]).as("chunk %d", i).isEqualTo(ColumnChunks.COLUMNS);
      assertThat(decompress(stored, chunk.length)).as("chunk %d", i).isEqualTo(chunk);
    }
  }

  @Test
  void logLikeRecordsTakeLessSpaceAsColumns() throws IOException {
    Random rnd = new Random(8);
    List<byte[]> records = new ArrayList<>();
    long time = 1_795_000_000_000_000_000L;
    StoredRecord previous = null;
    for (int i = 0; i < 400; i++) {
      time -= 3_600_000 + rnd.nextInt(1000);
      TraceId trace = new TraceId(rnd.nextLong(), rnd.nextLong() | 1);
      String body =
          "{\"msg\":\"request completed\",\"path\":\"/api/orders/"
              + rnd.nextInt(100_000)
              + "\",\"trace_id\":\""
              + trace.toHex()
              + "\"}";
      Attributes resource =
          previous != null && rnd.nextInt(10) > 0
              ? previous.resource()
              : Attributes.of("service.name", "svc-" + rnd.nextInt(5), "host.name", "node-1");
      LogRecord r =
          new LogRecord(
              time,
              time + 5_000_000,
              9,
              "INFO",
              body,
              Attributes.of("http.status_code", 200L),
              0,
              1,
              trace,
              rnd.nextLong() | 1,
              "");
      previous = new StoredRecord(resource, "app.logger", "", r);
      records.add(RecordCodec.encode(previous));
    }
    byte[] chunk = chunk(rnd, records);
    byte[] columns = compress(chunk);
    assertThat(columns[0]).isEqualTo(ColumnChunks.COLUMNS);
    ByteBuffersDataOutput rows = new ByteBuffersDataOutput();
    try (Compressor c = new ZstdChunks().newCompressor()) {
      c.compress(new ByteBuffersDataInput(List.of(java.nio.ByteBuffer.wrap(chunk))), rows);
    }
    // The repeated trace id alone is 16 B a record that columns save.
    assertThat(columns.length).isLessThan((int) rows.size() - 12 * records.size());
    assertThat(decompress(columns, chunk.length)).isEqualTo(chunk);
  }

  @Test
  void otherChunksAreStoredAsTheyCome() throws IOException {
    Random rnd = new Random(4);
    List<byte[]> others = new ArrayList<>();
    byte[] noise = new byte[5000];
    rnd.nextBytes(noise);
    others.add(noise);
    others.add("plain text, no record".getBytes(StandardCharsets.UTF_8));
    List<byte[]> records = records(rnd, 20);
    byte[] good = chunk(rnd, records);
    // A second stored field: another header in the middle.
    ByteBuffersDataOutput mixed = new ByteBuffersDataOutput();
    mixed.writeVLong(9);
    mixed.writeVInt(records.get(0).length);
    mixed.writeBytes(records.get(0));
    mixed.writeVLong(17);
    mixed.writeVInt(records.get(1).length);
    mixed.writeBytes(records.get(1));
    others.add(mixed.toArrayCopy());
    // Cut short, one byte too many, a newer version, a non-canonical length vint.
    others.add(Arrays.copyOf(good, good.length - 1));
    byte[] longer = Arrays.copyOf(good, good.length + 1);
    others.add(longer);
    List<byte[]> newer = new ArrayList<>(records);
    newer.set(7, newer.get(7).clone());
    newer.get(7)[0] = 3; // the version byte
    others.add(chunk(rnd, newer));
    ByteBuffersDataOutput padded = new ByteBuffersDataOutput();
    padded.writeVLong(9);
    padded.writeByte((byte) (records.get(0).length & 0x7F | 0x80));
    padded.writeByte((byte) (records.get(0).length >>> 7 | 0x80));
    padded.writeByte((byte) 0);
    padded.writeBytes(records.get(0));
    others.add(padded.toArrayCopy());
    for (int i = 0; i < others.size(); i++) {
      byte[] chunk = others.get(i);
      byte[] stored = compress(chunk);
      assertThat(stored[0]).as("chunk %d", i).isEqualTo(ColumnChunks.ROWS);
      assertThat(decompress(stored, chunk.length)).as("chunk %d", i).isEqualTo(chunk);
    }
  }

  @Test
  void damagedColumnsAreACorruptIndex() throws IOException {
    Random rnd = new Random(99);
    for (int i = 0; i < 1500; i++) {
      byte[] chunk = chunk(rnd, records(rnd, 1 + rnd.nextInt(30)));
      byte[] stored = compress(chunk);
      byte[] damaged = stored.clone();
      int at = 1 + rnd.nextInt(damaged.length - 1);
      damaged[at] ^= (byte) (1 + rnd.nextInt(255));
      try {
        decompress(damaged, chunk.length);
      } catch (CorruptIndexException | java.io.EOFException expected) {
        // A damaged length reads past the chunk; Lucene's per-file checksum catches damage that
        // still decompresses when a file is verified.
      }
      int cut = 1 + rnd.nextInt(stored.length - 1);
      try {
        decompress(Arrays.copyOf(stored, cut), chunk.length);
      } catch (CorruptIndexException | java.io.EOFException expected) {
        // A cut-short chunk reads past its end.
      }
    }
  }

  private static List<byte[]> records(Random rnd, int n) {
    List<byte[]> out = new ArrayList<>();
    StoredRecord previous = null;
    for (int i = 0; i < n; i++) {
      StoredRecord r =
          previous != null && rnd.nextInt(3) > 0
              ? new StoredRecord(
                  previous.resource(),
                  previous.scopeName(),
                  previous.scopeVersion(),
                  RandomRecords.record(rnd, rnd.nextInt(6) == 0))
              : new StoredRecord(
                  RandomRecords.attributes(rnd, 2),
                  RandomRecords.text(rnd),
                  RandomRecords.text(rnd),
                  RandomRecords.record(rnd, rnd.nextInt(6) == 0));
      out.add(rnd.nextInt(5) == 0 ? RandomRecords.encodeVersion1(r) : RecordCodec.encode(r));
      previous = r;
    }
    return out;
  }

  /** As Lucene's writer serializes one stored binary field per document. */
  private static byte[] chunk(Random rnd, List<byte[]> records) throws IOException {
    long header = (long) rnd.nextInt(40) << 3 | 1;
    ByteBuffersDataOutput out = new ByteBuffersDataOutput();
    for (byte[] r : records) {
      out.writeVLong(header);
      out.writeVInt(r.length);
      out.writeBytes(r);
    }
    return out.toArrayCopy();
  }

  private byte[] compress(byte[] chunk) throws IOException {
    ByteBuffersDataOutput out = new ByteBuffersDataOutput();
    try (Compressor c = mode.newCompressor()) {
      c.compress(new ByteBuffersDataInput(List.of(java.nio.ByteBuffer.wrap(chunk))), out);
    }
    return out.toArrayCopy();
  }

  private byte[] decompress(byte[] stored, int length) throws IOException {
    Decompressor d = mode.newDecompressor();
    BytesRef ref = new BytesRef();
    d.decompress(
        new ByteBuffersIndexInput(
            new ByteBuffersDataInput(List.of(java.nio.ByteBuffer.wrap(stored))), "chunk"),
        length,
        0,
        length,
        ref);
    return BytesRef.deepCopyOf(ref).bytes;
  }
}
