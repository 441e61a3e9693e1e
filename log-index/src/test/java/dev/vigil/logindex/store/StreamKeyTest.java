package dev.vigil.logindex.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.model.Attributes;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;

/**
 * A stream key gives back the labels and fields earlier formats derived from the same resource and
 * severity, stays within Lucene's doc-value limit however large the resource, and a damaged key is
 * reported, not misread.
 */
class StreamKeyTest {
  @Test
  void randomResourcesRoundTripToTheLabelsAndFieldsOfEarlierFormats() {
    Random rnd = new Random(3);
    for (int i = 0; i < 500; i++) {
      Attributes resource = RandomRecords.attributes(rnd, 2);
      int number = rnd.nextInt(26);
      String text = i % 4 == 0 ? "" : RandomRecords.text(rnd);
      BytesRef key = StreamKey.encode("tenant-" + (i % 3), resource, number, text);
      StreamKey k = StreamKey.decode(key);
      assertThat(k.tenant()).isEqualTo("tenant-" + (i % 3));
      assertThat(k.resource()).isEqualTo(resource);
      assertThat(k.labels()).isEqualTo(StreamLabels.of(resource, text, number));
      assertThat(describe(k.fields())).isEqualTo(describe(earlierFormat(resource, number, text)));
      assertThat(StreamKey.id(key).length).isEqualTo(16);
      assertThat(StreamKey.id(key)).isEqualTo(StreamKey.id(BytesRef.deepCopyOf(key)));
    }
  }

  @Test
  void aHugeResourceIsCutToWhatNoQueryCouldHaveFound() {
    Attributes.Builder b = Attributes.builder();
    b.put("service.name", "checkout");
    for (int i = 0; i < 4; i++) {
      b.put("big." + i, "v".repeat(3_000 + i)); // keyword-indexed: under 4096 characters
    }
    for (int i = 0; i < 3; i++) {
      b.put("huge." + i, "h".repeat(100_000)); // never keyword-indexed
    }
    Attributes resource = b.build();
    BytesRef key = StreamKey.encode("t", resource, 9, "INFO");
    assertThat(key.length).isLessThanOrEqualTo(StreamKey.MAX_KEY_BYTES);
    StreamKey k = StreamKey.decode(key);
    // The huge values shrink to one past a keyword's limit; the rest stays as it was.
    assertThat(describe(k.fields())).isEqualTo(describe(earlierFormat(resource, 9, "INFO")));
    assertThat(k.labels()).isEqualTo(StreamLabels.of(resource, "INFO", 9));

    Attributes.Builder many = Attributes.builder();
    for (int i = 0; i < 400; i++) {
      many.put("attr." + i, "w".repeat(200));
    }
    Attributes tooMany = many.build();
    BytesRef cut = StreamKey.encode("t", tooMany, 9, "INFO");
    assertThat(cut.length).isLessThanOrEqualTo(StreamKey.MAX_KEY_BYTES);
    Attributes kept = StreamKey.decode(cut).resource();
    // Attributes past what fits are left out from the end; the first ones stay whole.
    assertThat(kept.size()).isBetween(100, 399);
    for (int i = 0; i < kept.size(); i++) {
      assertThat(kept.key(i)).isEqualTo(tooMany.key(i));
      assertThat(kept.value(i)).isEqualTo(tooMany.value(i));
    }
  }

  @Test
  void aDamagedKeyIsReported() {
    BytesRef key = StreamKey.encode("t", Attributes.of("service.name", "cart"), 9, "INFO");
    byte[] shortened = Arrays.copyOf(key.bytes, key.length - 3);
    assertThatThrownBy(() -> StreamKey.decode(new BytesRef(shortened)))
        .isInstanceOf(CorruptSourceException.class)
        .hasMessageContaining("stream key");
    byte[] longer = Arrays.copyOf(key.bytes, key.length + 2);
    assertThatThrownBy(() -> StreamKey.decode(new BytesRef(longer)))
        .isInstanceOf(CorruptSourceException.class)
        .hasMessageContaining("2 bytes too many");
    byte[] otherVersion = key.bytes.clone();
    otherVersion[0] = 9;
    assertThatThrownBy(() -> StreamKey.decode(new BytesRef(otherVersion)))
        .isInstanceOf(CorruptSourceException.class)
        .hasMessageContaining("version 9");
  }

  /** The tenant, severity and resource fields a format-4 document of the stream holds. */
  private static List<IndexableField> earlierFormat(Attributes resource, int number, String text) {
    var fields = new java.util.ArrayList<IndexableField>();
    LogDocuments.keyword(fields::add, LogFields.TENANT, "t");
    fields.addAll(SeverityFields.of(new Severity(number, text)).fields());
    LogDocuments.attributes(fields::add, LogFields.RESOURCE_PREFIX, resource);
    return fields;
  }

  private static List<String> describe(List<IndexableField> fields) {
    return fields.stream()
        .filter(f -> !f.name().equals(LogFields.TENANT))
        .map(f ->
            f.name()
                + " "
                + f.fieldType().indexOptions()
                + " "
                + f.fieldType().pointDimensionCount()
                + " "
                + (f.binaryValue() != null ? f.binaryValue().toString() : f.stringValue()))
        .toList();
  }
}
