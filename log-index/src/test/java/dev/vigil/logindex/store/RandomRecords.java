package dev.vigil.logindex.store;

import dev.vigil.model.Attributes;
import dev.vigil.model.Bytes;
import dev.vigil.model.TraceId;
import dev.vigil.model.log.LogRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random records of every OTLP value type, for the tests of the stored forms. */
public final class RandomRecords {
  private RandomRecords() {}

  /** A record in {@link RecordCodec}'s form as a build before 2026-12-06 wrote it (version 1). */
  public static byte[] encodeVersion1(StoredRecord r) {
    return RecordCodec.encode(r, RecordCodec.VERSION_ABSOLUTE_OBSERVED);
  }

  public static LogRecord record(Random rnd, boolean structuredBody) {
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

  public static Attributes attributes(Random rnd, int depth) {
    Attributes.Builder b = Attributes.builder();
    int n = rnd.nextInt(5);
    for (int i = 0; i < n; i++) {
      b.put("k" + i + text(rnd), value(rnd, depth));
    }
    return b.build();
  }

  public static Object value(Random rnd, int depth) {
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

  public static String text(Random rnd) {
    StringBuilder sb = new StringBuilder();
    for (int i = rnd.nextInt(12); i > 0; i--) {
      sb.appendCodePoint(rnd.nextInt(10) == 0 ? 0x1F600 + rnd.nextInt(50) : 'a' + rnd.nextInt(26));
    }
    return sb.toString();
  }
}
