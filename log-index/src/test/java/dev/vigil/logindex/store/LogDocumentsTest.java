package dev.vigil.logindex.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.model.Attributes;
import dev.vigil.model.Tenant;
import dev.vigil.model.TraceId;
import dev.vigil.model.log.LogRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexableField;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A batch's documents share what its records have in common (resource, severity, scope, tenant,
 * translog position): each must still be field for field the document of its record alone, whatever
 * the order in which resources, severities and scopes alternate, for equal resources that are
 * different objects (as replayed records are), and with body fields on.
 */
class LogDocumentsTest {
  @ParameterizedTest(name = "format {0}, body fields {1}")
  @CsvSource({"3, ''", "3, '*'", "2, ''", "2, 'status'"})
  void aBatchsDocumentsAreThoseOfItsRecordsAlone(int format, String bodyFields) {
    Set<String> json = bodyFields.isEmpty() ? Set.of() : Set.of(bodyFields);
    Random rnd = new Random(format);
    Tenant tenant = new Tenant("team-a");
    LogDocuments batch = LogDocuments.forBatch(tenant, 77, json, format);
    for (int i = 0; i < 500; i++) {
      StoredRecord stored = record(rnd);
      byte[] source = RecordCodec.encode(stored);
      long ts = 1_795_000_000_000_000_000L + i;
      Document alone = LogDocuments.of(tenant, stored, source, 77, ts, json, format);
      assertThat(fields(batch.of(stored, source, ts))).isEqualTo(fields(alone));
    }
  }

  private static StoredRecord record(Random rnd) {
    Attributes resource =
        switch (rnd.nextInt(4)) {
          case 0 -> Attributes.of("service.name", "checkout", "host.name", "node-1");
          case 1 -> Attributes.of("service.name", "cart", "k8s", Attributes.of("pod", "p-1"));
          case 2 -> Attributes.of("service.name", "cart", "port", 8080L, "ratio", 0.5);
          default -> Attributes.EMPTY;
        };
    String[] texts = {"INFO", "warn", "", "Error"};
    LogRecord r =
        new LogRecord(
            1_795_000_000_000_000_000L,
            rnd.nextBoolean() ? 0 : 1_795_000_000_000_000_005L,
            rnd.nextInt(3) * 9,
            texts[rnd.nextInt(texts.length)],
            rnd.nextBoolean()
                ? "{\"status\":" + rnd.nextInt(600) + ",\"msg\":\"é\"}"
                : "plain line",
            attributes(rnd),
            0,
            0,
            rnd.nextBoolean() ? null : new TraceId(rnd.nextLong(), rnd.nextLong() | 1),
            rnd.nextLong() | 1,
            rnd.nextInt(5) == 0 ? "event" : "");
    return new StoredRecord(resource, rnd.nextBoolean() ? "scope.a" : "scope.b", "1", r);
  }

  /**
   * Attributes whose values repeat within the batch (the documents share their fields) in every
   * scalar type, values of one key in two types (1 and 1.0 index different terms), and nested
   * values, which are not shared.
   */
  private static Attributes attributes(Random rnd) {
    Object number =
        rnd.nextBoolean() ? (Object) (long) rnd.nextInt(2) : (Object) (double) rnd.nextInt(2);
    Object odd =
        switch (rnd.nextInt(6)) {
          case 0 -> rnd.nextBoolean();
          case 1 -> List.of("a", (long) rnd.nextInt(2));
          case 2 -> Attributes.of("inner", "v-" + rnd.nextInt(2));
          case 3 -> rnd.nextBoolean() ? -0.0 : 0.0;
          case 4 -> "unique-" + rnd.nextLong();
          default -> "";
        };
    return Attributes.of(
        "http.status_code",
        (long) rnd.nextInt(3),
        "thread",
        "w-" + rnd.nextInt(3),
        "n",
        number,
        "odd",
        odd);
  }

  /** Every field as its name, type and value. */
  private static List<String> fields(Document d) {
    List<String> out = new ArrayList<>();
    for (IndexableField f : d.getFields()) {
      out.add(
          f.name()
              + " "
              + f.getClass().getSimpleName()
              + " "
              + f.fieldType()
              + " "
              + f.stringValue()
              + " "
              + f.binaryValue()
              + " "
              + f.numericValue());
    }
    return out;
  }
}
