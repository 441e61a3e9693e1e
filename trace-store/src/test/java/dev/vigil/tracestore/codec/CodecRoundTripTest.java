package dev.vigil.tracestore.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.Attributes;
import dev.vigil.model.Bytes;
import dev.vigil.model.Tenant;
import dev.vigil.model.TraceId;
import dev.vigil.tracestore.StoredSpan;
import dev.vigil.tracestore.Trace;
import dev.vigil.tracestore.TraceGenerator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CodecRoundTripTest {
  private static List<StoredSpan> spans(int traces) {
    TraceGenerator g = new TraceGenerator(42, 1_700_000_000_000_000_000L);
    List<StoredSpan> out = new ArrayList<>();
    for (int i = 0; i < traces; i++) {
      out.addAll(g.trace());
    }
    return out;
  }

  @Test
  void batchRecordRoundTripsEveryField() {
    List<StoredSpan> spans = spans(30);
    ByteWriter w = new ByteWriter(16);
    BatchCodec.encode(TraceGenerator.batch(Tenant.DEFAULT, spans), w);
    List<StoredSpan> back = BatchCodec.decode(w.array(), 0, w.size());
    assertThat(back).containsExactlyInAnyOrderElementsOf(spans);
  }

  @Test
  void extremeValuesRoundTrip() {
    Attributes a =
        Attributes.of(
            "nan",
            Double.NaN,
            "negzero",
            -0.0,
            "min",
            Long.MIN_VALUE,
            "max",
            Long.MAX_VALUE,
            "unicode",
            "𝄞 ünïcödé",
            "empty",
            "",
            "nested",
            Attributes.of("deep", Attributes.of("deeper", Attributes.array())),
            "bytes",
            Bytes.copyOf(new byte[0]));
    ByteWriter w = new ByteWriter(16);
    SpanEncoder.row(w).attributes(a);
    assertThat(SpanDecoder.row(new ByteReader(w.toByteArray())).attributes()).isEqualTo(a);
  }

  @ParameterizedTest
  @EnumSource(BlockLayout.class)
  void blockRoundTripsInBothLayouts(BlockLayout layout) {
    Map<TraceId, List<StoredSpan>> byTrace = new LinkedHashMap<>();
    for (StoredSpan s : spans(40)) {
      byTrace.computeIfAbsent(s.span().traceId(), k -> new ArrayList<>()).add(s);
    }
    List<Trace> traces = new ArrayList<>();
    byTrace.forEach((id, list) -> {
      list.sort(Comparator.comparingLong(s -> s.span().startTimeUnixNano()));
      traces.add(new Trace(id, list));
    });
    byte[] raw = TraceBlockCodec.encode(traces, layout);
    assertThat(TraceBlockCodec.decode(raw, layout, id -> true)).isEqualTo(traces);
    TraceId wanted = traces.get(7).traceId();
    assertThat(TraceBlockCodec.decode(raw, layout, wanted::equals)).containsExactly(traces.get(7));
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void compressionRoundTrips(Compression c) {
    byte[] raw = new byte[100_000];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = (byte) (i % 251 < 50 ? i : 7);
    }
    assertThat(c.decompress(c.compress(raw), raw.length)).isEqualTo(raw);
  }

  @Test
  void truncatedInputIsMalformedNotAnArrayIndexError() {
    ByteWriter w = new ByteWriter(16);
    BatchCodec.encode(TraceGenerator.batch(Tenant.DEFAULT, spans(2)), w);
    assertThatThrownBy(() -> BatchCodec.decode(w.array(), 0, w.size() / 2))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageContaining("truncated");
  }
}
