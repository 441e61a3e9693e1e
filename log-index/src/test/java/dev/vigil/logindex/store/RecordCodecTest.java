package dev.vigil.logindex.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Records of every OTLP value type survive the stored-source form, in this version and as version 1
 * wrote them, and reading only the body (as a metric query's line filter does) gives what a full
 * decode gives.
 */
class RecordCodecTest {
  @Test
  void randomRecordsRoundTripAndTheirBodiesReadAlone() {
    Random rnd = new Random(11);
    for (int i = 0; i < 2000; i++) {
      StoredRecord r =
          new StoredRecord(
              RandomRecords.attributes(rnd, 2),
              RandomRecords.text(rnd),
              RandomRecords.text(rnd),
              RandomRecords.record(rnd, rnd.nextInt(8) == 0));
      byte[] b = RecordCodec.encode(r);
      byte[] padded = new byte[b.length + 7];
      System.arraycopy(b, 0, padded, 3, b.length);
      assertThat(RecordCodec.decode(padded, 3, b.length)).as("record %d", i).isEqualTo(r);
      assertThat(RecordCodec.body(padded, 3, b.length))
          .as("body of record %d", i)
          .isEqualTo(r.record().body());
    }
  }

  /**
   * A batch's encoder reuses its buffer and the bytes of a repeating resource and scope: record
   * after record, through runs of one resource, changes of resource or scope only, and equal
   * resources that are other instances, it writes what a one-off encode writes.
   */
  @Test
  void aBatchEncoderWritesWhatOneOffEncodesWrite() {
    Random rnd = new Random(5);
    RecordCodec.Encoder encoder = RecordCodec.encoder();
    dev.vigil.model.Attributes resource = RandomRecords.attributes(rnd, 2);
    String scope = "scope";
    for (int i = 0; i < 3000; i++) {
      switch (rnd.nextInt(10)) {
        case 0 -> resource = RandomRecords.attributes(rnd, 2);
        case 1 -> scope = RandomRecords.text(rnd);
        case 2 -> resource = copy(resource);
        default -> {}
      }
      StoredRecord r =
          new StoredRecord(
              resource, scope, i % 3 == 0 ? "" : "1.0", RandomRecords.record(rnd, i % 5 == 0));
      byte[] batch = encoder.encode(r);
      assertThat(batch).as("record %d", i).isEqualTo(RecordCodec.encode(r));
      assertThat(RecordCodec.decode(batch, 0, batch.length)).isEqualTo(r);
    }
  }

  private static dev.vigil.model.Attributes copy(dev.vigil.model.Attributes a) {
    dev.vigil.model.Attributes.Builder b = dev.vigil.model.Attributes.builder(a.size());
    for (int i = 0; i < a.size(); i++) {
      b.put(a.key(i), a.value(i));
    }
    return b.build();
  }

  /**
   * Stored records and translog entries already on disk were written by earlier builds: the bytes
   * of the same records must not change. The digest was taken from the encoder that wrote through
   * {@code DataOutputStream} (before 2026-12-07); it changes only if {@link RandomRecords} does.
   */
  @Test
  void theBytesAreThoseEarlierBuildsWrote() throws Exception {
    Random rnd = new Random(2026);
    java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
    for (int i = 0; i < 2000; i++) {
      StoredRecord r =
          new StoredRecord(
              RandomRecords.attributes(rnd, 2),
              RandomRecords.text(rnd),
              RandomRecords.text(rnd),
              RandomRecords.record(rnd, rnd.nextInt(4) == 0));
      sha.update(RecordCodec.encode(r));
      sha.update(RandomRecords.encodeVersion1(r));
    }
    assertThat(java.util.HexFormat.of().formatHex(sha.digest()))
        .isEqualTo("611ddd1b854bdace56c726f138368e3562c030dd93bcd91113d46048e35b5f75");
  }

  @Test
  void recordsAnOlderBuildWroteStillDecode() {
    Random rnd = new Random(12);
    for (int i = 0; i < 500; i++) {
      StoredRecord r =
          new StoredRecord(
              RandomRecords.attributes(rnd, 2),
              RandomRecords.text(rnd),
              "",
              RandomRecords.record(rnd, false));
      byte[] v1 = RecordCodec.encode(r, RecordCodec.VERSION_ABSOLUTE_OBSERVED);
      assertThat(RecordCodec.decode(v1, 0, v1.length)).isEqualTo(r);
      assertThat(RecordCodec.body(v1, 0, v1.length)).isEqualTo(r.record().body());
      assertThat(v1).isNotEqualTo(RecordCodec.encode(r));
    }
    byte[] future =
        RecordCodec.encode(
            new StoredRecord(
                RandomRecords.attributes(rnd, 1), "s", "", RandomRecords.record(rnd, false)));
    future[0] = 3;
    assertThatThrownBy(() -> RecordCodec.decode(future, 0, future.length))
        .isInstanceOf(CorruptSourceException.class)
        .hasMessageContaining("newer build");
  }

  @Test
  void aCutShortRecordIsReportedAsCorrupt() {
    Random rnd = new Random(3);
    byte[] b =
        RecordCodec.encode(
            new StoredRecord(
                RandomRecords.attributes(rnd, 1), "s", "", RandomRecords.record(rnd, false)));
    byte[] cut = Arrays.copyOf(b, 20);
    assertThatThrownBy(() -> RecordCodec.body(cut, 0, cut.length))
        .isInstanceOf(CorruptSourceException.class);
    assertThatThrownBy(() -> RecordCodec.decode(cut, 0, cut.length))
        .isInstanceOf(CorruptSourceException.class);
  }
}
