package dev.vigil.tracestore.search;

import dev.vigil.model.Attributes;
import dev.vigil.model.TraceId;
import dev.vigil.model.trace.Span;
import dev.vigil.model.trace.SpanEvent;
import dev.vigil.tracestore.StoredSpan;
import dev.vigil.tracestore.TraceGenerator;
import dev.vigil.tracestore.query.AttributeValues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * Index bytes per span for variants of the span document, on the benchmark's workload cut into
 * flushes as the store cuts it. Not a test: run by hand ({@code java -cp … IndexVariantMeasurement
 * [spans] [spansPerFlush] variant…}).
 */
public final class IndexVariantMeasurement {
  private static final long T0 = 1_800_000_000_000_000_000L;
  private static final long HOUR = 3_600_000_000_000L;

  private IndexVariantMeasurement() {}

  public static void main(String[] args) throws Exception {
    long total = Long.parseLong(args[0]);
    int perFlush = Integer.parseInt(args[1]);
    List<List<List<StoredSpan>>> flushes = generate(total, perFlush);
    for (int i = 2; i < args.length; i++) {
      Set<String> v = Set.of(args[i].split(","));
      Path dir = Files.createTempDirectory("ivm");
      long t0 = System.nanoTime();
      long spans = 0;
      try (Directory d = FSDirectory.open(dir)) {
        IndexWriterConfig c = new IndexWriterConfig();
        c.setRAMBufferSizeMB(32);
        try (IndexWriter w = new IndexWriter(d, c)) {
          long seg = 0;
          for (List<List<StoredSpan>> flush : flushes) {
            seg++;
            List<List<StoredSpan>> traces = new ArrayList<>(flush);
            if (v.contains("ordered")) {
              traces.sort(Comparator.comparingLong(t -> t.get(0).span().startTimeUnixNano()));
            }
            List<Document> docs = new ArrayList<>();
            for (List<StoredSpan> t : traces) {
              for (StoredSpan s : t) {
                docs.add(document(s, seg, v));
                spans++;
              }
            }
            w.addDocuments(docs);
            w.commit();
          }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf(
            "%-50s total %.2f B/span  %s  (%.1f s)%n",
            args[i], size(dir) / (double) spans, breakdown(d, spans), secs);
      }
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static List<List<List<StoredSpan>>> generate(long total, int perFlush) {
    int threads = 4;
    double tracesPerGenerator = total / (double) threads / 8.6;
    long meanGap = (long) (HOUR / tracesPerGenerator);
    int maxGap = (int) Math.min(Integer.MAX_VALUE, Math.max(1, 2 * (meanGap - 1_000_000L)));
    List<TraceGenerator> gens = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      gens.add(new TraceGenerator(i, T0, maxGap));
    }
    List<List<List<StoredSpan>>> out = new ArrayList<>();
    Map<TraceId, List<StoredSpan>> buffer = new HashMap<>();
    long n = 0;
    int inBuffer = 0;
    while (n < total) {
      for (TraceGenerator g : gens) {
        for (int k = 0; k < 100; ) {
          List<StoredSpan> t = g.trace();
          buffer.put(t.get(0).span().traceId(), t);
          k += t.size();
          n += t.size();
          inBuffer += t.size();
        }
      }
      if (inBuffer >= perFlush || n >= total) {
        out.add(new ArrayList<>(buffer.values()));
        buffer = new HashMap<>();
        inBuffer = 0;
      }
    }
    return out;
  }

  static Document document(StoredSpan s, long segment, Set<String> v) {
    Span span = s.span();
    Document d = new Document();
    d.add(new StoredField(SpanFields.TRACE_ID, span.traceId().toBytes()));
    d.add(new LongPoint(SpanFields.SEGMENT, segment));
    if (v.contains("startDv")) {
      d.add(NumericDocValuesField.indexedField(SpanFields.START, span.startTimeUnixNano()));
    } else if (v.contains("startUs")) {
      d.add(NumericDocValuesField.indexedField(SpanFields.START, span.startTimeUnixNano() / 1000));
    } else {
      d.add(new LongPoint(SpanFields.START, span.startTimeUnixNano()));
      d.add(new NumericDocValuesField(SpanFields.START, span.startTimeUnixNano()));
    }
    if (v.contains("durDv")) {
      d.add(new NumericDocValuesField(SpanFields.DURATION, span.durationNanos()));
    } else if (!v.contains("noDur")) {
      d.add(new LongPoint(SpanFields.DURATION, span.durationNanos()));
    }
    d.add(keyword(SpanFields.NAME, span.name()));
    d.add(keyword(SpanFields.SERVICE, s.serviceName()));
    String status = span.status().code().name().toLowerCase(Locale.ROOT);
    String kind = span.kind().name().toLowerCase(Locale.ROOT);
    d.add(keyword(SpanFields.STATUS, status));
    d.add(keyword(SpanFields.KIND, kind));
    if (!v.contains("noOp")) {
      d.add(
          keyword(SpanFields.OPERATION, SpanFields.operation(s.serviceName(), kind, span.name())));
    }
    if (!span.status().message().isEmpty()) {
      d.add(keyword(SpanFields.STATUS_MESSAGE, span.status().message()));
    }
    if (!v.contains("noSpanAttr")) {
      attributes(d, SpanFields.SPAN_ATTR, span.attributes(), v);
    }
    if (v.contains("rid")) {
      d.add(keyword("rid", Integer.toString(s.resource().hashCode())));
    } else if (!v.contains("noRes")) {
      attributes(d, SpanFields.RESOURCE_ATTR, s.resource().attributes(), v);
    }
    for (SpanEvent e : span.events()) {
      d.add(keyword(SpanFields.EVENT_NAME, e.name()));
      attributes(d, SpanFields.EVENT_ATTR, e.attributes(), v);
    }
    return d;
  }

  private static void attributes(Document d, String prefix, Attributes a, Set<String> v) {
    for (int i = 0; i < a.size(); i++) {
      Object val = a.value(i);
      String text = AttributeValues.text(val);
      if (text == null) {
        continue;
      }
      String field = prefix + a.key(i);
      d.add(keyword(field, text));
      if (AttributeValues.isNumeric(val) && !v.contains("noNum")) {
        d.add(new DoublePoint(SpanFields.NUMERIC + field, AttributeValues.number(val)));
      }
    }
  }

  private static StringField keyword(String field, String value) {
    return new StringField(field, AttributeValues.cut(value), Field.Store.NO);
  }

  private static long size(Path dir) throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static String breakdown(Directory d, long spans) throws Exception {
    Map<String, Long> byExt = new TreeMap<>();
    for (SegmentCommitInfo sci : SegmentInfos.readLatestCommit(d)) {
      if (sci.info.getUseCompoundFile()) {
        try (var cd = sci.info.getCodec().compoundFormat().getCompoundReader(d, sci.info)) {
          for (String f : cd.listAll()) {
            byExt.merge(f.substring(f.lastIndexOf('.') + 1), cd.fileLength(f), Long::sum);
          }
        }
      } else {
        for (String f : sci.files()) {
          byExt.merge(f.substring(f.lastIndexOf('.') + 1), d.fileLength(f), Long::sum);
        }
      }
    }
    StringBuilder b = new StringBuilder();
    byExt.forEach((ext, bytes) -> {
      if (bytes * 20 >= spans) {
        b.append(String.format(" %s %.2f", ext, (double) bytes / spans));
      }
    });
    return b.toString();
  }
}
