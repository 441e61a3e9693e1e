package dev.vigil.collector.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import dev.vigil.collector.otlp.DecoderOutcome.Signal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The decoder against the reference ({@code parseFrom} then {@link OtlpProtoMapper}) on random
 * requests: equal results on valid input, and on damaged input the same verdict — both refuse, or
 * both accept with equal results. Requests are built from a seed by {@link RandomOtlpRequests} (a
 * failure reports the seed; there is no shrinking). One decoder serves all tries, as a receiver
 * thread's would, so state leaking from one request to the next (or from a refused one) shows up.
 */
class OtlpProtoDecoderPropertiesTest {
  private final OtlpProtoDecoder decoder = new OtlpProtoDecoder();

  @Property(tries = 400)
  void tracesDecodeAsTheMapperMapsThem(@ForAll long seed) {
    byte[] bytes = new RandomOtlpRequests(seed).traces().toByteArray();
    assertAgree(Signal.TRACES, bytes, true);
  }

  @Property(tries = 400)
  void logsDecodeAsTheMapperMapsThem(@ForAll long seed) {
    byte[] bytes = new RandomOtlpRequests(seed).logs().toByteArray();
    assertAgree(Signal.LOGS, bytes, true);
  }

  @Property(tries = 400)
  void metricsDecodeAsTheMapperMapsThem(@ForAll long seed) {
    byte[] bytes = new RandomOtlpRequests(seed).metrics().toByteArray();
    assertAgree(Signal.METRICS, bytes, true);
  }

  /**
   * Two or three items sent as one (their bytes concatenated) is how protobuf merges messages:
   * scalars last-one-wins, repeated fields appended, singular messages and oneof members merged.
   */
  @Property(tries = 400)
  void itemsSentInPiecesMergeAsProtobufMergesThem(@ForAll long seed) throws IOException {
    RandomOtlpRequests g = new RandomOtlpRequests(seed);
    Random random = new Random(seed);
    int pieces = 2 + random.nextInt(2);
    Signal signal = Signal.values()[random.nextInt(3)];
    ByteArrayOutputStream item = new ByteArrayOutputStream();
    for (int i = 0; i < pieces; i++) {
      MessageLite piece =
          switch (signal) {
            case TRACES -> g.span();
            case LOGS -> g.logRecord();
            case METRICS -> g.metric();
          };
      item.write(piece.toByteArray());
    }
    byte[] scope = field(2, item.toByteArray()); // Scope*.{spans,log_records,metrics}
    byte[] resource = field(2, scope); // Resource*.scope_*
    assertAgree(signal, field(1, resource), true);
  }

  @Property(tries = 300)
  void damagedInputGetsTheSameVerdict(@ForAll long seed) {
    Random random = new Random(seed);
    Signal signal = Signal.values()[random.nextInt(3)];
    RandomOtlpRequests g = new RandomOtlpRequests(seed);
    byte[] bytes =
        switch (signal) {
          case TRACES -> g.traces().toByteArray();
          case LOGS -> g.logs().toByteArray();
          case METRICS -> g.metrics().toByteArray();
        };
    if (bytes.length == 0) {
      return;
    }
    for (int round = 0; round < 20; round++) {
      assertAgree(signal, damage(bytes, random), false);
    }
  }

  @Property(tries = 1000)
  void randomBytesGetTheSameVerdict(@ForAll byte[] bytes, @ForAll Signal signal) {
    assertAgree(signal, bytes, false);
  }

  private void assertAgree(Signal signal, byte[] bytes, boolean mustAccept) {
    DecoderOutcome reference = DecoderOutcome.reference(signal, bytes);
    if (mustAccept) {
      assertThat(reference.error()).as("the generator built an invalid request").isNull();
    }
    DecoderOutcome.decoded(decoder, signal, bytes).assertAgreesWith(reference);
  }

  private static byte[] damage(byte[] valid, Random random) {
    byte[] b = valid.clone();
    switch (random.nextInt(5)) {
      case 0 -> {
        return java.util.Arrays.copyOf(b, random.nextInt(b.length));
      }
      case 1 -> {
        for (int i = 1 + random.nextInt(4); i > 0; i--) {
          b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 2 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
      case 3 -> {
        int at = random.nextInt(b.length);
        byte[] out = new byte[b.length + 1];
        System.arraycopy(b, 0, out, 0, at);
        out[at] = (byte) random.nextInt(256);
        System.arraycopy(b, at, out, at + 1, b.length - at);
        return out;
      }
      default -> {
        int from = random.nextInt(b.length);
        int to = from + random.nextInt(b.length - from);
        byte[] out = new byte[b.length - (to - from)];
        System.arraycopy(b, 0, out, 0, from);
        System.arraycopy(b, to, out, from, b.length - to);
        return out;
      }
    }
    return b;
  }

  /** One length-delimited field: tag, length, bytes. */
  static byte[] field(int number, byte[] payload) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream c = CodedOutputStream.newInstance(out);
    c.writeByteArray(number, payload);
    c.flush();
    return out.toByteArray();
  }
}
