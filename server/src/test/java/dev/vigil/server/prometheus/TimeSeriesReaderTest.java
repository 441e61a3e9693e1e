package dev.vigil.server.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The direct reading of a TimeSeries against protobuf's own generic parser ({@link
 * UnknownFieldSet}) on random messages: the usual shape, and odd but valid ones (fields in any
 * order, unknown fields, samples with missing or repeated fields, groups) that must read the same.
 * Broken messages must be refused with an {@link IOException}, never anything else.
 */
class TimeSeriesReaderTest {
  @Test
  void readsWhatProtobufReadsOnRandomMessages() throws Exception {
    Random random = new Random(42);
    TimeSeriesReader reader = new TimeSeriesReader();
    for (int round = 0; round < 5_000; round++) {
      byte[] series = randomSeries(random, round % 4 == 0);
      byte[] framed = frame(random, series);
      int start = framed.length - series.length;
      reader.read(framed, start, start + series.length);
      UnknownFieldSet expected = UnknownFieldSet.parseFrom(series);
      List<ByteString> labels = lengthDelimited(expected, 1);
      assertThat(reader.labelFields).as("round %d", round).isEqualTo(labels.size());
      for (int i = 0; i < labels.size(); i++) {
        assertThat(
                Arrays.copyOfRange(
                    framed, reader.ranges[2 * i], reader.ranges[2 * i] + reader.ranges[2 * i + 1]))
            .isEqualTo(labels.get(i).toByteArray());
      }
      List<ByteString> samples = lengthDelimited(expected, 2);
      assertThat(reader.samples).as("round %d", round).isEqualTo(samples.size());
      for (int i = 0; i < samples.size(); i++) {
        UnknownFieldSet s = UnknownFieldSet.parseFrom(samples.get(i));
        assertThat(reader.bits[i]).isEqualTo(last(s, 1));
        assertThat(reader.times[i]).isEqualTo(last(s, 2));
      }
      assertThat(reader.histograms).isEqualTo(lengthDelimited(expected, 4).size());
    }
  }

  @Test
  void brokenMessagesAreRefusedAsMalformed() throws Exception {
    Random random = new Random(7);
    TimeSeriesReader reader = new TimeSeriesReader();
    int refused = 0;
    for (int round = 0; round < 5_000; round++) {
      byte[] series = randomSeries(random, false);
      byte[] broken =
          round % 2 == 0
              ? Arrays.copyOf(series, random.nextInt(series.length))
              : flip(random, series);
      try {
        reader.read(broken, 0, broken.length);
      } catch (IOException expected) {
        refused++;
      }
    }
    assertThat(refused).isGreaterThan(1_000);
    assertThatThrownBy(() -> reader.read(new byte[] {0x0A, 0x05, 0x01}, 0, 3))
        .isInstanceOf(InvalidProtocolBufferException.class);
    assertThatThrownBy(() -> reader.read(new byte[] {0x12, 0x02, 0x09, 0x01}, 0, 4))
        .isInstanceOf(InvalidProtocolBufferException.class);
  }

  /** The series after random bytes, as it sits inside a request. */
  private static byte[] frame(Random random, byte[] series) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] before = new byte[random.nextInt(5)];
    random.nextBytes(before);
    out.writeBytes(before);
    out.writeBytes(series);
    return out.toByteArray();
  }

  private static byte[] flip(Random random, byte[] series) {
    byte[] b = series.clone();
    for (int i = 0; i < 1 + random.nextInt(3); i++) {
      b[random.nextInt(b.length)] = (byte) random.nextInt(256);
    }
    return b;
  }

  private static List<ByteString> lengthDelimited(UnknownFieldSet set, int field) {
    return set.hasField(field) ? set.getField(field).getLengthDelimitedList() : List.of();
  }

  /** The last value of a fixed64 or varint field, as protobuf's merge semantics keep. */
  private static long last(UnknownFieldSet set, int field) {
    if (!set.hasField(field)) {
      return 0;
    }
    UnknownFieldSet.Field f = set.getField(field);
    List<Long> values = new ArrayList<>(f.getFixed64List());
    values.addAll(f.getVarintList());
    return values.isEmpty() ? 0 : values.get(values.size() - 1);
  }

  private static byte[] randomSeries(Random random, boolean odd) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    int labels = 1 + random.nextInt(6);
    int samples = random.nextInt(4);
    List<Runnable> fields = new ArrayList<>();
    for (int i = 0; i < labels; i++) {
      byte[] label = label("name" + i, "value-" + random.nextInt(1000));
      fields.add(() -> write(() -> out.writeByteArray(1, label)));
    }
    for (int i = 0; i < samples; i++) {
      byte[] sample = sample(random, odd);
      fields.add(() -> write(() -> out.writeByteArray(2, sample)));
    }
    if (odd) {
      fields.add(() -> write(() -> out.writeUInt64(9, random.nextLong())));
      fields.add(() -> write(() -> out.writeFixed32(10, random.nextInt())));
      fields.add(() -> write(() -> out.writeByteArray(4, new byte[] {0x08, 0x01})));
      if (random.nextBoolean()) {
        fields.add(() ->
            write(() -> {
              out.writeTag(11, 3); // a group, as proto2 senders could
              out.writeUInt64(1, 5);
              out.writeTag(11, 4);
            }));
      }
      java.util.Collections.shuffle(fields, random);
    }
    for (Runnable f : fields) {
      f.run();
    }
    out.flush();
    return bytes.toByteArray();
  }

  private static byte[] label(String name, String value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeString(1, name);
    out.writeString(2, value);
    out.flush();
    return bytes.toByteArray();
  }

  private static byte[] sample(Random random, boolean odd) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    long ts = random.nextBoolean() ? random.nextLong() : 1_700_000_000_000L + random.nextInt();
    if (odd && random.nextBoolean()) {
      out.writeInt64(2, ts);
      out.writeUInt32(7, random.nextInt(100));
      out.writeDouble(1, random.nextDouble());
    } else {
      out.writeDouble(1, random.nextGaussian() * 1e6);
      out.writeInt64(2, ts);
    }
    if (odd && random.nextInt(4) == 0) {
      out.writeInt64(2, ts + 1); // a repeated field: the last one counts
    }
    out.flush();
    return bytes.toByteArray();
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private static void write(IoAction a) {
    try {
      a.run();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
