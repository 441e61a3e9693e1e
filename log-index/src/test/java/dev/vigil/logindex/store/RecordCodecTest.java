package dev.vigil.logindex.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.Attributes;
import dev.vigil.model.Bytes;
import dev.vigil.model.TraceId;
import dev.vigil.model.log.LogRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
              attributes(rnd, 2), text(rnd), text(rnd), record(rnd, rnd.nextInt(8) == 0));
      byte[] b = RecordCodec.encode(r);
      byte[] padded = new byte[b.length + 7];
      System.arraycopy(b, 0, padded, 3, b.length);
      assertThat(RecordCodec.decode(padded, 3, b.length)).as("record %d", i).isEqualTo(r);
      assertThat(RecordCodec.body(padded, 3, b.length))
          .as("body of record %d", i)
          .isEqualTo(r.record().body());
    }
  }

  @Test
  void recordsAnOlderBuildWroteStillDecode() {
    Random rnd = new Random(12);
    for (int i = 0; i < 500; i++) {
      StoredRecord r = new StoredRecord(attributes(rnd, 2), text(rnd), "", record(rnd, false));
      byte[] v1 = RecordCodec.encode(r, RecordCodec.VERSION_ABSOLUTE_OBSERVED);
      assertThat(RecordCodec.decode(v1, 0, v1.length)).isEqualTo(r);
      assertThat(RecordCodec.body(v1, 0, v1.length)).isEqualTo(r.record().body());
      assertThat(v1).isNotEqualTo(RecordCodec.encode(r));
    }
    byte[] future =
        RecordCodec.encode(new StoredRecord(attributes(rnd, 1), "s", "", record(rnd, false)));
    future[0] = 3;
    assertThatThrownBy(() -> RecordCodec.decode(future, 0, future.length))
        .isInstanceOf(CorruptSourceException.class)
        .hasMessageContaining("newer build");
  }

  @Test
  void aCutShortRecordIsReportedAsCorrupt() {
    Random rnd = new Random(3);
    byte[] b =
        RecordCodec.encode(new StoredRecord(attributes(rnd, 1), "s", "", record(rnd, false)));
    byte[] cut = Arrays.copyOf(b, 20);
    assertThatThrownBy(() -> RecordCodec.body(cut, 0, cut.length))
        .isInstanceOf(CorruptSourceException.class);
    assertThatThrownBy(() -> RecordCodec.decode(cut, 0, cut.length))
        .isInstanceOf(CorruptSourceException.class);
  }

  private static LogRecord record(Random rnd, boolean structuredBody) {
    Object body = structuredBody ? attributes(rnd, 2) : value(rnd, 1);
    return new LogRecord(
        rnd.nextLong(),
        rnd.nextLong(),
        rnd.nextInt(25),
        text(rnd),
        body,
        attributes(rnd, 2),
        rnd.nextInt(3),
        rnd.nextInt(2),
        rnd.nextBoolean() ? new TraceId(rnd.nextLong(), rnd.nextLong() | 1) : null,
        rnd.nextLong(),
        text(rnd));
  }

  private static Attributes attributes(Random rnd, int depth) {
    Attributes.Builder b = Attributes.builder();
    int n = rnd.nextInt(5);
    for (int i = 0; i < n; i++) {
      b.put("k" + i + text(rnd), value(rnd, depth));
    }
    return b.build();
  }

  private static Object value(Random rnd, int depth) {
    int kind = rnd.nextInt(depth > 0 ? 8 : 6);
    return switch (kind) {
      case 0 -> null;
      case 1 -> text(rnd);
      case 2 -> rnd.nextBoolean();
      case 3 -> rnd.nextLong();
      case 4 -> rnd.nextDouble();
      case 5 -> {
        byte[] x = new byte[rnd.nextInt(20)];
        rnd.nextBytes(x);
        yield Bytes.copyOf(x);
      }
      case 6 -> {
        List<Object> list = new ArrayList<>();
        for (int i = rnd.nextInt(4); i > 0; i--) {
          list.add(value(rnd, depth - 1));
        }
        yield java.util.Collections.unmodifiableList(list);
      }
      default -> attributes(rnd, depth - 1);
    };
  }

  private static String text(Random rnd) {
    StringBuilder sb = new StringBuilder();
    for (int i = rnd.nextInt(12); i > 0; i--) {
      sb.appendCodePoint(rnd.nextInt(10) == 0 ? 0x1F600 + rnd.nextInt(50) : 'a' + rnd.nextInt(26));
    }
    return sb.toString();
  }
}
