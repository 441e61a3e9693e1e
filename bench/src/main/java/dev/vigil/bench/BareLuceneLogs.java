package dev.vigil.bench;

import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * The reference for the log benchmarks: the same log records indexed by a bare Lucene {@code
 * IndexWriter} on one thread (body as full text, the record's source stored, service, severity and
 * trace id as keywords, the timestamp as a point and doc values), and the same searches run on it
 * in-process. Nothing durable (no translog, no fsync before an acknowledgement), no HTTP: the floor
 * that Vigil's log index is quoted against, as no Grafana Loki can be had here.
 */
final class BareLuceneLogs implements AutoCloseable {
  private static final HexFormat HEX = HexFormat.of();

  /**
   * @param cpuSeconds of the indexing thread alone
   * @param processCpuSeconds of the whole JVM while it indexed (the load is over by then): with
   *     Lucene's merge threads, the garbage collector and the JIT, as the server's CPU counts them
   */
  record IndexOutcome(
      long records,
      double cpuSeconds,
      double processCpuSeconds,
      double wallSeconds,
      long rawBytes,
      long indexBytes) {}

  private final FSDirectory directory;
  private DirectoryReader reader;

  BareLuceneLogs(Path dir) throws IOException {
    this.directory = FSDirectory.open(dir);
  }

  /** The line as a log file would hold it: timestamp, level, service, attributes, body. */
  static String source(String service, LogRecord r) {
    StringBuilder sb = new StringBuilder(256);
    sb.append(r.getTimeUnixNano())
        .append(' ')
        .append(r.getSeverityText())
        .append(' ')
        .append(service);
    for (KeyValue kv : r.getAttributesList()) {
      sb.append(' ').append(kv.getKey()).append('=');
      sb.append(
          kv.getValue().hasIntValue()
              ? Long.toString(kv.getValue().getIntValue())
              : kv.getValue().getStringValue());
    }
    if (!r.getTraceId().isEmpty()) {
      sb.append(" trace_id=").append(HEX.formatHex(r.getTraceId().toByteArray()));
    }
    sb.append(' ').append(r.getBody().getStringValue());
    return sb.toString();
  }

  static long rawBytes(List<Message> messages) {
    long n = 0;
    for (Message m : messages) {
      for (ResourceLogs rl : ((ExportLogsServiceRequest) m).getResourceLogsList()) {
        String service = service(rl);
        for (ScopeLogs sl : rl.getScopeLogsList()) {
          for (LogRecord r : sl.getLogRecordsList()) {
            n += source(service, r).length() + 1;
          }
        }
      }
    }
    return n;
  }

  private static String service(ResourceLogs rl) {
    for (KeyValue kv : rl.getResource().getAttributesList()) {
      if (kv.getKey().equals("service.name")) {
        return kv.getValue().getStringValue();
      }
    }
    return "unknown";
  }

  IndexOutcome index(List<Message> messages) throws IOException {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long c0 = mx.getCurrentThreadCpuTime();
    long p0 = os.getProcessCpuTime();
    long t0 = System.nanoTime();
    long records = 0;
    long raw = 0;
    IndexWriterConfig config = new IndexWriterConfig(new StandardAnalyzer());
    config.setRAMBufferSizeMB(64);
    try (IndexWriter w = new IndexWriter(directory, config)) {
      for (Message m : messages) {
        for (ResourceLogs rl : ((ExportLogsServiceRequest) m).getResourceLogsList()) {
          String service = service(rl);
          for (ScopeLogs sl : rl.getScopeLogsList()) {
            for (LogRecord r : sl.getLogRecordsList()) {
              String source = source(service, r);
              raw += source.length() + 1;
              Document d = new Document();
              d.add(new LongPoint("ts", r.getTimeUnixNano()));
              d.add(new NumericDocValuesField("ts", r.getTimeUnixNano()));
              d.add(new StringField("service", service, Field.Store.NO));
              d.add(new SortedDocValuesField("service", new BytesRef(service)));
              d.add(new StringField("severity", r.getSeverityText(), Field.Store.NO));
              if (!r.getTraceId().isEmpty()) {
                d.add(
                    new StringField(
                        "trace_id", HEX.formatHex(r.getTraceId().toByteArray()), Field.Store.NO));
              }
              d.add(new TextField("body", r.getBody().getStringValue(), Field.Store.NO));
              d.add(new StoredField("source", source));
              w.addDocument(d);
              records++;
            }
          }
        }
      }
      w.commit();
    }
    double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
    double processCpu = (os.getProcessCpuTime() - p0) / 1e9;
    double wall = (System.nanoTime() - t0) / 1e9;
    return new IndexOutcome(records, cpu, processCpu, wall, raw, sizeOf(directory.getDirectory()));
  }

  static long sizeOf(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .mapToLong(p -> {
            try {
              return Files.size(p);
            } catch (IOException e) {
              return 0;
            }
          })
          .sum();
    }
  }

  private IndexSearcher searcher() throws IOException {
    if (reader == null) {
      reader = DirectoryReader.open(directory);
    }
    return new IndexSearcher(reader);
  }

  /** The newest {@code limit} records of a service holding a token, in [from, to]. */
  int selective(String service, String token, long from, long to, int limit) throws IOException {
    Query q =
        new BooleanQuery.Builder()
            .add(new TermQuery(new Term("service", service)), BooleanClause.Occur.FILTER)
            .add(new TermQuery(new Term("body", token)), BooleanClause.Occur.FILTER)
            .add(LongPoint.newRangeQuery("ts", from, to), BooleanClause.Occur.FILTER)
            .build();
    IndexSearcher s = searcher();
    TopDocs top = s.search(q, limit, new Sort(new SortField("ts", SortField.Type.LONG, true)));
    // Load the stored sources, as a search that shows lines must.
    var stored = s.storedFields();
    for (var sd : top.scoreDocs) {
      stored.document(sd.doc).get("source");
    }
    return top.scoreDocs.length;
  }

  /** The services of the records holding {@code token}, from their stored sources. */
  List<String> servicesOf(String token) throws IOException {
    IndexSearcher s = searcher();
    TopDocs top = s.search(new TermQuery(new Term("body", token)), 10);
    var stored = s.storedFields();
    List<String> out = new java.util.ArrayList<>();
    for (var sd : top.scoreDocs) {
      String service = stored.document(sd.doc).get("source").split(" ", 4)[2];
      if (!out.contains(service)) {
        out.add(service);
      }
    }
    return out;
  }

  /** Per service and minute, how many records hold {@code token} in [from, to]. */
  Map<String, Map<Long, Long>> countByServicePerMinute(String token, long from, long to)
      throws IOException {
    Query q =
        new BooleanQuery.Builder()
            .add(new TermQuery(new Term("body", token)), BooleanClause.Occur.FILTER)
            .add(LongPoint.newRangeQuery("ts", from, to), BooleanClause.Occur.FILTER)
            .build();
    Map<String, Map<Long, Long>> out = new HashMap<>();
    searcher()
        .search(
            q,
            new org.apache.lucene.search.CollectorManager<SimpleCollector, Void>() {
              @Override
              public SimpleCollector newCollector() {
                return new SimpleCollector() {
                  NumericDocValues ts;
                  SortedDocValues service;

                  @Override
                  protected void doSetNextReader(LeafReaderContext ctx) throws IOException {
                    ts = ctx.reader().getNumericDocValues("ts");
                    service = ctx.reader().getSortedDocValues("service");
                  }

                  @Override
                  public void collect(int doc) throws IOException {
                    ts.advanceExact(doc);
                    service.advanceExact(doc);
                    String s = service.lookupOrd(service.ordValue()).utf8ToString();
                    synchronized (out) {
                      out.computeIfAbsent(s, k -> new HashMap<>())
                          .merge(ts.longValue() / 60_000_000_000L, 1L, Long::sum);
                    }
                  }

                  @Override
                  public ScoreMode scoreMode() {
                    return ScoreMode.COMPLETE_NO_SCORES;
                  }
                };
              }

              @Override
              public Void reduce(java.util.Collection<SimpleCollector> collectors) {
                return null;
              }
            });
    return out;
  }

  @Override
  public void close() throws IOException {
    if (reader != null) {
      reader.close();
    }
    directory.close();
  }
}
