package dev.vigil.logindex;

import static dev.vigil.logindex.Logs.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.logindex.codec.LogCodecVersion1;
import dev.vigil.logindex.query.Direction;
import dev.vigil.logindex.query.LogEntry;
import dev.vigil.logindex.store.LogAnalyzer;
import dev.vigil.logindex.store.LogDocuments;
import dev.vigil.logindex.store.LogFields;
import dev.vigil.logindex.store.Partition;
import dev.vigil.logindex.store.PartitionConfig;
import dev.vigil.logindex.store.PartitionSpan;
import dev.vigil.logindex.store.PartitionStore;
import dev.vigil.logindex.store.RecordCodec;
import dev.vigil.logindex.store.StoredCompression;
import dev.vigil.logindex.store.StoredRecord;
import dev.vigil.logindex.translog.SyncMode;
import dev.vigil.model.Attributes;
import dev.vigil.model.Tenant;
import dev.vigil.model.TraceId;
import dev.vigil.model.log.LogRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValuesType;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Document formats 3 (the line without positions, frequencies and norms, no time point, id
 * prefixes), 4 (format 3 with the records in the partition's record file) and 5 (format 4 with the
 * stream's shared fields in stream keys) answer as the format-2 layout does, and a partition
 * created by an earlier build keeps its format while this build writes into it: every answer is
 * compared with brute force over the generated records, phrases with Lucene's own matching on an
 * index with positions.
 */
class PartitionFormatsTest {
  static final long SEC = 1_000_000_000L;
  static final String[] WORDS = {
    "alpha", "Beta", "GAMMA", "delta/epsilon", "alpha-beta", "x1f", "10.0.0.1:80", "beta", "Alpha"
  };

  @TempDir Path dir;

  record Gen(long ts, String body, TraceId trace) {}

  static List<Gen> corpus(Random rnd, int n) {
    List<Gen> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      StringBuilder sb = new StringBuilder();
      int words = 2 + rnd.nextInt(7);
      for (int w = 0; w < words; w++) {
        sb.append(w == 0 ? "" : rnd.nextInt(6) == 0 ? ", " : " ");
        sb.append(WORDS[rnd.nextInt(WORDS.length)]);
      }
      if (rnd.nextInt(3) == 0) {
        // A session id: format 3 packs a long lower-case hex run, not an upper-case one.
        StringBuilder id = new StringBuilder();
        for (int d = 14 + rnd.nextInt(8); d > 0; d--) {
          id.append("0123456789abcdef".charAt(rnd.nextInt(16)));
        }
        sb.append(" session ").append(i % 5 == 0 ? id.toString().toUpperCase(Locale.ROOT) : id);
      }
      // Pairs of traces share their first 8 bytes: only the stored id tells them apart.
      TraceId trace = new TraceId(0x5b8efff798038103L + i / 2, 1 + i);
      out.add(new Gen(T0 + i * SEC, sb.toString(), trace));
    }
    return out;
  }

  @Test
  void newPartitionsAreFormatFiveAndAnswerExactly() throws Exception {
    Random rnd = new Random(11);
    List<Gen> corpus = corpus(rnd, 600);
    try (LogIndex index = open(StoredCompression.ZSTD)) {
      append(index, corpus.subList(0, 200));
      index.commit();
      // Records both in the file's chunks and still pending, in segments of either kind.
      append(index, corpus.subList(200, corpus.size()));
      check(index, corpus, rnd);
      index.commit();
      check(index, corpus, rnd);
    }
    Path partition = partitionPath();
    assertThat(commitFormat(partition)).isEqualTo("5");
    assertThat(partition.resolve("records.vlr")).isRegularFile();
    try (DirectoryReader r = DirectoryReader.open(FSDirectory.open(partition))) {
      for (LeafReaderContext leaf : r.leaves()) {
        FieldInfo line = leaf.reader().getFieldInfos().fieldInfo(LogFields.LINE);
        assertThat(line.getIndexOptions()).isEqualTo(IndexOptions.DOCS);
        assertThat(line.omitsNorms()).isTrue();
        assertThat(leaf.reader().getPointValues(LogFields.TIMESTAMP)).isNull();
        // The record is not in Lucene's stored fields, only its ordinal in the record file.
        assertThat(leaf.reader().getFieldInfos().fieldInfo(LogFields.SOURCE)).isNull();
        assertThat(leaf.reader().getFieldInfos().fieldInfo(LogFields.RECORD).getDocValuesType())
            .isEqualTo(DocValuesType.NUMERIC);
        // What a stream's records share is in its key, once per stream, not in each document.
        assertThat(leaf.reader().getFieldInfos().fieldInfo(LogFields.STREAM_KEY).getDocValuesType())
            .isEqualTo(DocValuesType.SORTED);
        assertThat(leaf.reader().getFieldInfos().fieldInfo(LogFields.STREAM_ID).getIndexOptions())
            .isEqualTo(IndexOptions.DOCS);
        for (String perRecord :
            List.of(
                LogFields.STREAM,
                LogFields.TENANT,
                LogFields.SEVERITY_TEXT,
                LogFields.DETECTED_LEVEL,
                LogFields.SEVERITY_NUMBER,
                LogFields.RESOURCE_PREFIX + "service.name")) {
          assertThat(leaf.reader().getFieldInfos().fieldInfo(perRecord)).as(perRecord).isNull();
        }
      }
    }
    try (LogIndex index = open(StoredCompression.ZSTD)) {
      check(index, corpus, rnd);
    }
  }

  @Test
  void formatFourPartitionsStayFormatFour() throws Exception {
    Random rnd = new Random(14);
    List<Gen> corpus = corpus(rnd, 600);
    // As the previous build left it: format-4 documents and their record file, committed as 4.
    PartitionStore old =
        PartitionStore.open(
            dir.resolve("tenants"), new PartitionConfig(16, StoredCompression.ZSTD, 30 * SEC, 4));
    try {
      Partition p =
          old.partition(Tenant.DEFAULT, PartitionSpan.of(PartitionSpan.Granularity.DAY, T0));
      LogDocuments batch = LogDocuments.forBatch(Tenant.DEFAULT, 0, Set.of(), p.format());
      List<BytesRef> sources = new ArrayList<>();
      for (Gen g : corpus.subList(0, 300)) {
        sources.add(new BytesRef(RecordCodec.encode(stored(g))));
      }
      long first = p.appendRecords(sources);
      List<List<IndexableField>> docs = new ArrayList<>();
      for (int i = 0; i < sources.size(); i++) {
        Gen g = corpus.get(i);
        docs.add(batch.fields(stored(g), sources.get(i), g.ts, first + i));
      }
      p.add(docs);
      p.commit(1, p.recordCount());
    } finally {
      old.closeAll();
    }
    Path partition = partitionPath();
    assertThat(commitFormat(partition)).isEqualTo("4");
    try (LogIndex index = open(StoredCompression.ZSTD)) {
      // Would fail in Lucene if written as format 5 (the stream fields' schema differs).
      append(index, corpus.subList(300, corpus.size()));
      index.commit();
      check(index, corpus, rnd);
    }
    assertThat(commitFormat(partition)).isEqualTo("4");
  }

  @Test
  void formatThreePartitionsStayFormatThree() throws Exception {
    Random rnd = new Random(13);
    List<Gen> corpus = corpus(rnd, 600);
    // Without zstd a partition is created in format 3 (records in Lucene's stored fields), and
    // keeps it when the configuration changes back.
    try (LogIndex index = open(StoredCompression.LZ4)) {
      append(index, corpus.subList(0, 300));
      index.commit();
    }
    Path partition = partitionPath();
    assertThat(commitFormat(partition)).isEqualTo("3");
    try (LogIndex index = open(StoredCompression.ZSTD)) {
      append(index, corpus.subList(300, corpus.size()));
      index.commit();
      check(index, corpus, rnd);
    }
    assertThat(commitFormat(partition)).isEqualTo("3");
    assertThat(partition.resolve("records.vlr")).doesNotExist();
  }

  @Test
  void formatTwoPartitionsStayFormatTwo() throws Exception {
    Random rnd = new Random(12);
    List<Gen> corpus = corpus(rnd, 600);
    // As the previous build left it: format-2 documents, committed as format 2.
    Path partition = partitionPath();
    IndexWriterConfig c = new IndexWriterConfig(new LogAnalyzer());
    c.setIndexSort(new Sort(new SortField(LogFields.TIMESTAMP, SortField.Type.LONG, true)));
    c.setCodec(Codec.forName(LogCodecVersion1.NAME));
    c.setCommitOnClose(false);
    Files.createDirectories(partition);
    try (IndexWriter w = new IndexWriter(FSDirectory.open(partition), c)) {
      for (Gen g : corpus.subList(0, 300)) {
        StoredRecord stored = stored(g);
        w.addDocument(
            LogDocuments.of(
                Tenant.DEFAULT, stored, RecordCodec.encode(stored), 0, g.ts, Set.of(), 2));
      }
      w.setLiveCommitData(Map.of("vigil.translog.position", "1", "vigil.format", "2").entrySet());
      w.commit();
    }
    try (LogIndex index = open()) {
      // Would fail in Lucene (a field's index options cannot change) if written as format 3.
      append(index, corpus.subList(300, corpus.size()));
      index.commit();
      check(index, corpus, rnd);
    }
    assertThat(commitFormat(partition)).isEqualTo("2");
  }

  private LogIndex open() throws Exception {
    return open(StoredCompression.ZSTD);
  }

  private LogIndex open(StoredCompression compression) throws Exception {
    return LogIndex.open(
        dir,
        LogIndexOptions.builder()
            .compression(compression)
            .clock(new MutableClock(T0 + 3_600 * SEC))
            .syncMode(SyncMode.NEVER)
            .build());
  }

  private Path partitionPath() {
    return dir.resolve("tenants")
        .resolve(Tenant.DEFAULT.id())
        .resolve(PartitionSpan.of(PartitionSpan.Granularity.DAY, T0).name());
  }

  private static String commitFormat(Path partition) throws Exception {
    return SegmentInfos.readLatestCommit(FSDirectory.open(partition))
        .getUserData()
        .get("vigil.format");
  }

  private static StoredRecord stored(Gen g) {
    return new StoredRecord(Attributes.of("service.name", "cart"), "test.scope", "1.0", record(g));
  }

  private static LogRecord record(Gen g) {
    return Logs.record(g.ts, 9, "INFO", g.body, Attributes.EMPTY, g.trace, g.trace.low());
  }

  private static void append(LogIndex index, List<Gen> gens) throws Exception {
    for (Gen g : gens) {
      index.sink().append(Logs.batch("cart", List.of(record(g))));
    }
    index.refresh();
  }

  private static void check(LogIndex index, List<Gen> corpus, Random rnd) throws Exception {
    // Time ranges, newest first, and trace lookups (two traces share each id prefix).
    for (int i = 0; i < 20; i++) {
      int a = rnd.nextInt(corpus.size());
      int b = a + rnd.nextInt(corpus.size() - a);
      long start = corpus.get(a).ts;
      long end = corpus.get(b).ts;
      assertThat(
              lines(
                  index.logs(
                      Tenant.DEFAULT,
                      "{service_name=\"cart\"}",
                      start,
                      end,
                      50,
                      Direction.BACKWARD)))
          .isEqualTo(
              corpus.subList(a, b + 1).reversed().stream().limit(50).map(Gen::body).toList());
      assertThat(
              lines(
                  index.search(
                      Tenant.DEFAULT,
                      "timestamp:[" + start + " TO " + end + "]",
                      0,
                      Long.MAX_VALUE,
                      10_000)))
          .hasSize(b - a + 1);
      // Logs.record observes each record 1000 ns after its time.
      assertThat(
              lines(
                  index.search(
                      Tenant.DEFAULT,
                      "observed_timestamp:[" + (start + 1000) + " TO " + (end + 1000) + "}",
                      0,
                      Long.MAX_VALUE,
                      10_000)))
          .isEqualTo(corpus.subList(a, b).reversed().stream().map(Gen::body).toList());
      Gen g = corpus.get(a);
      assertThat(lines(index.trace(Tenant.DEFAULT, g.trace, 0, Long.MAX_VALUE, 100)))
          .containsExactly(g.body);
      assertThat(
              lines(
                  index.search(
                      Tenant.DEFAULT, "trace_id:" + g.trace.toHex(), 0, Long.MAX_VALUE, 100)))
          .containsExactly(g.body);
    }

    // Needles inside (packed) hex runs, and plain search's case-insensitive wildcards on them.
    List<String> ids =
        corpus.stream()
            .map(Gen::body)
            .filter(b -> b.contains(" session "))
            .map(b -> b.substring(b.lastIndexOf(' ') + 1))
            .toList();
    for (int i = 0; i < 40; i++) {
      String id = ids.get(rnd.nextInt(ids.size()));
      int a = rnd.nextInt(id.length());
      String piece = id.substring(a, a + 1 + rnd.nextInt(Math.min(10, id.length() - a)));
      assertThat(
              lines(
                  index.logs(
                      Tenant.DEFAULT,
                      "{service_name=\"cart\"} |= `" + piece + "`",
                      0,
                      Long.MAX_VALUE,
                      10_000,
                      Direction.BACKWARD)))
          .as(piece)
          .isEqualTo(
              corpus.reversed().stream().map(Gen::body).filter(b -> b.contains(piece)).toList());
      String pattern = (i % 2 == 0 ? "*" : "") + piece.toLowerCase(Locale.ROOT) + "*";
      String regex = pattern.replace("*", ".*");
      assertThat(
              new HashSet<>(
                  lines(
                      index.search(Tenant.DEFAULT, "body:" + pattern, 0, Long.MAX_VALUE, 10_000))))
          .as(pattern)
          .isEqualTo(
              corpus.stream()
                  .map(Gen::body)
                  .filter(b -> anyTermMatches(b, regex))
                  .collect(java.util.stream.Collectors.toSet()));
    }

    // Phrases, against Lucene matching them on indexed positions.
    try (ByteBuffersDirectory ref = new ByteBuffersDirectory()) {
      try (IndexWriter w = new IndexWriter(ref, new IndexWriterConfig(new LogAnalyzer()))) {
        for (Gen g : corpus) {
          Document d = new Document();
          d.add(new TextField(LogFields.LINE, g.body, Field.Store.NO));
          d.add(new StoredField("body", g.body));
          w.addDocument(d);
        }
      }
      try (DirectoryReader r = DirectoryReader.open(ref)) {
        IndexSearcher s = new IndexSearcher(r);
        QueryParser parser = new QueryParser(LogFields.LINE, LogAnalyzer.forQueries());
        for (int i = 0; i < 150; i++) {
          StringBuilder phrase = new StringBuilder();
          int words = 2 + rnd.nextInt(2);
          for (int w = 0; w < words; w++) {
            String word = WORDS[rnd.nextInt(WORDS.length)];
            phrase.append(w == 0 ? "" : " ");
            phrase.append(rnd.nextBoolean() ? word : word.toUpperCase(Locale.ROOT));
          }
          String q = "\"" + phrase + "\"" + (i % 4 == 0 ? "" : "~" + (i % 4));
          Set<String> want = new HashSet<>();
          for (ScoreDoc d : s.search(parser.parse(q), 10_000).scoreDocs) {
            want.add(s.storedFields().document(d.doc).get("body"));
          }
          Set<String> got =
              new HashSet<>(
                  lines(index.search(Tenant.DEFAULT, "body:" + q, 0, Long.MAX_VALUE, 10_000)));
          assertThat(got).as(q).isEqualTo(want);
        }
      }
    }
  }

  /** Plain search's wildcard rule: some token or letter/digit run, lower-cased, matches. */
  private static boolean anyTermMatches(String line, String regex) {
    boolean[] found = {false};
    dev.vigil.logindex.store.LogTokens.split(
        line,
        (s, e) -> {
          String token = line.substring(s, e).toLowerCase(Locale.ROOT);
          found[0] |= token.matches(regex);
          for (String run : token.split("[^\\p{IsLetter}\\p{IsDigit}]+")) {
            found[0] |= run.matches(regex);
          }
        });
    return found[0];
  }

  private static List<String> lines(List<LogEntry> entries) {
    return entries.stream().map(LogEntry::line).toList();
  }
}
