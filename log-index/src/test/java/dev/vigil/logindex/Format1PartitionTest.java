package dev.vigil.logindex;

import static dev.vigil.logindex.Logs.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.logindex.codec.LogCodecVersion1;
import dev.vigil.logindex.query.Direction;
import dev.vigil.logindex.query.LogEntry;
import dev.vigil.logindex.query.MetricResult;
import dev.vigil.logindex.query.SampleSeries;
import dev.vigil.logindex.store.LogAnalyzer;
import dev.vigil.logindex.store.LogDocuments;
import dev.vigil.logindex.store.LogFields;
import dev.vigil.logindex.store.LogTokens;
import dev.vigil.logindex.store.PartitionSpan;
import dev.vigil.logindex.store.RecordCodec;
import dev.vigil.logindex.store.StoredRecord;
import dev.vigil.logindex.translog.SyncMode;
import dev.vigil.model.Attributes;
import dev.vigil.model.Tenant;
import dev.vigil.model.log.LogRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partition written by the previous build (document format 1: the line as lower-cased {@code
 * body} terms) stays searchable after this build adds format-2 documents to it, whether the two
 * kinds sit in separate segments or a merge put them into one: every answer is compared with one
 * computed over the generated lines.
 */
class Format1PartitionTest {
  static final long SEC = 1_000_000_000L;

  @TempDir Path dir;

  record Gen(String service, long ts, String body) {}

  @Test
  void formatOnePartitionsStayExactBesideFormatTwoDocuments() throws Exception {
    Random rnd = new Random(5);
    List<Gen> corpus = new ArrayList<>();
    for (int i = 0; i < 800; i++) {
      String word = LogQueryEvaluationTest.WORDS[rnd.nextInt(LogQueryEvaluationTest.WORDS.length)];
      String body =
          switch (rnd.nextInt(3)) {
            case 0 -> word + " calling /api/Orders/" + rnd.nextInt(40) + " from 10.0.0." + i;
            case 1 -> "blob " + LogQueryEvaluationTest.longToken(rnd) + " " + word;
            default ->
                "{\"msg\":\"" + word + ": Deadlock\",\"id\":\"" + Long.toHexString(i) + "\"}";
          };
      corpus.add(new Gen(i % 2 == 0 ? "cart" : "auth", T0 + i * SEC, body));
    }
    // As the previous build left it: a segment of format 1 and format 2 documents merged into one
    // (format 2 documents come once this build writes into the partition), then one of format 1.
    Path partition =
        dir.resolve("tenants")
            .resolve(Tenant.DEFAULT.id())
            .resolve(PartitionSpan.of(PartitionSpan.Granularity.DAY, T0).name());
    IndexWriterConfig c = new IndexWriterConfig(new LogAnalyzer());
    c.setIndexSort(new Sort(new SortField(LogFields.TIMESTAMP, SortField.Type.LONG, true)));
    c.setCodec(Codec.forName(LogCodecVersion1.NAME));
    c.setCommitOnClose(false);
    try (IndexWriter w = new IndexWriter(FSDirectory.open(partition), c)) {
      for (int i = 0; i < 600; i++) {
        w.addDocument(document(corpus.get(i), i < 200 || i >= 400));
        if (i == 399) {
          w.forceMerge(1);
        }
      }
      w.setLiveCommitData(Map.of("vigil.translog.position", "1", "vigil.format", "1").entrySet());
      w.commit();
    }
    try (LogIndex index =
        LogIndex.open(
            dir,
            LogIndexOptions.builder()
                .clock(new MutableClock(T0 + 3_600 * SEC))
                .syncMode(SyncMode.NEVER)
                .build())) {
      for (Gen g : corpus.subList(600, corpus.size())) {
        index.sink().append(Logs.batch(g.service, List.of(Logs.line(g.ts, g.body))));
      }
      index.refresh();

      List<String> needles =
          new ArrayList<>(List.of("error", "Error", "ERROR", "Deadlock", "deadlock", "Orders/1"));
      for (int i = 0; i < 40; i++) {
        String body = corpus.get(rnd.nextInt(corpus.size())).body;
        int a = rnd.nextInt(body.length());
        needles.add(body.substring(a, Math.min(body.length(), a + 1 + rnd.nextInt(12))));
      }
      for (String needle : needles) {
        if (needle.contains("`")) {
          continue;
        }
        Predicate<Gen> p = g -> g.body.contains(needle);
        assertThat(
                index
                    .logs(
                        Tenant.DEFAULT,
                        "{service_name=~\".+\"} |= `" + needle + "`",
                        0,
                        Long.MAX_VALUE,
                        10_000,
                        Direction.BACKWARD)
                    .stream()
                    .map(LogEntry::line)
                    .toList())
            .as(needle)
            .isEqualTo(corpus.reversed().stream().filter(p).map(Gen::body).toList());
        MetricResult counts =
            index.instant(
                Tenant.DEFAULT,
                "sum by (service_name) (count_over_time({service_name=~\".+\"} |= `"
                    + needle
                    + "` [2h]))",
                T0 + 3_600 * SEC);
        Map<String, Double> got = new HashMap<>();
        for (SampleSeries s : counts.series()) {
          got.put(s.labels().get("service_name"), s.samples().get(0).value());
        }
        Map<String, Double> want = new HashMap<>();
        corpus.stream().filter(p).forEach(g -> want.merge(g.service, 1.0, Double::sum));
        assertThat(got).as("count of " + needle).isEqualTo(want);
      }

      // Plain search stays case-insensitive on whole tokens, in both formats.
      for (String token : List.of("error", "DEADLOCK", "/api/orders/7", "10.0.0.250")) {
        String lower = token.toLowerCase(Locale.ROOT);
        assertThat(
                index
                    .search(Tenant.DEFAULT, "body:\"" + token + "\"", 0, Long.MAX_VALUE, 1000)
                    .stream()
                    .map(LogEntry::line)
                    .toList())
            .as(token)
            .isEqualTo(
                corpus.reversed().stream()
                    .filter(g -> hasToken(g.body, lower))
                    .map(Gen::body)
                    .toList());
      }
    }
  }

  /**
   * Whether some token of the line (or letter/digit run of an over-long one), lower-cased, is
   * {@code lower}: plain search's term match.
   */
  static boolean hasToken(String line, String lower) {
    boolean[] found = {false};
    LogTokens.split(
        line,
        (s, e) -> {
          if (e - s <= LogTokens.MAX_TOKEN_CHARS) {
            found[0] |= LogTokens.lower(line, s, e).equals(lower);
            return;
          }
          // An over-long token is indexed as its letter/digit runs.
          for (String run : line.substring(s, e).split("[^\\p{IsLetter}\\p{IsDigit}]+")) {
            found[0] |= run.toLowerCase(Locale.ROOT).equals(lower);
          }
        });
    return found[0];
  }

  /** A format-2 document, as this build writes into a format-1 partition, or a format-1 one. */
  static Document document(Gen g, boolean formatOne) {
    LogRecord r = Logs.line(g.ts, g.body);
    StoredRecord stored =
        new StoredRecord(Attributes.of("service.name", g.service), "test.scope", "1.0", r);
    Document d =
        LogDocuments.of(
            Tenant.DEFAULT, stored, RecordCodec.encode(stored), 0, g.ts, java.util.Set.of(), 2);
    if (formatOne) {
      d.removeFields(LogFields.LINE);
      d.add(new TextField(LogFields.BODY, g.body, Field.Store.NO));
    }
    return d;
  }
}
