package dev.vigil.tsdb.block;

import dev.vigil.model.series.Labels;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams series entries into the index as they arrive (in label order), numbering symbols by first
 * appearance so nothing but the symbol and postings maps waits in memory for {@link #finish}, which
 * appends symbols, postings and the lookup tables.
 */
final class IndexWriter implements AutoCloseable {
  private final FileOutput out;
  private final Map<String, Integer> symbolIds = new HashMap<>();
  private final List<String> symbols = new ArrayList<>();
  private final Map<String, Map<String, IntList>> postings = new HashMap<>();
  private long[] seriesOffsets = new long[64];
  private int seriesCount;
  private Labels last;

  IndexWriter(Path dir) throws IOException {
    out = new FileOutput(dir.resolve(IndexFile.NAME));
    out.header(IndexFile.MAGIC, IndexFile.VERSION);
  }

  /**
   * Adds a series with {@code n} chunks described by {@code minT}, {@code maxT} and {@code refs}:
   * sorted, not overlapping. Series must come in strictly increasing label order.
   */
  void addSeries(Labels labels, long[] minT, long[] maxT, long[] refs, int n) throws IOException {
    if (last != null && last.compareTo(labels) >= 0) {
      throw new IllegalStateException(
          "BUG: series added out of label order: " + last + " then " + labels);
    }
    last = labels;
    if (seriesCount == seriesOffsets.length) {
      seriesOffsets = Arrays.copyOf(seriesOffsets, seriesCount * 2);
    }
    int id = seriesCount++;
    seriesOffsets[id] = out.position();
    out.uvarint(labels.size());
    for (int i = 0; i < labels.size(); i++) {
      out.uvarint(symbol(labels.name(i)));
      out.uvarint(symbol(labels.value(i)));
      postings
          .computeIfAbsent(labels.name(i), k -> new HashMap<>())
          .computeIfAbsent(labels.value(i), k -> new IntList())
          .add(id);
    }
    out.uvarint(n);
    for (int c = 0; c < n; c++) {
      if (maxT[c] < minT[c]
          || (c > 0 && minT[c] <= maxT[c - 1])
          || (c > 0 && refs[c] <= refs[c - 1])) {
        throw new IllegalStateException(
            "BUG: chunks of " + labels + " overlap or are out of order");
      }
      if (c == 0) {
        out.uvarint(zigzag(minT[0]));
        out.uvarint(maxT[0] - minT[0]);
        out.uvarint(refs[0]);
      } else {
        out.uvarint(minT[c] - maxT[c - 1]);
        out.uvarint(maxT[c] - minT[c]);
        out.uvarint(refs[c] - refs[c - 1]);
      }
    }
  }

  int seriesCount() {
    return seriesCount;
  }

  long finish() throws IOException {
    long seriesStart = MappedFile.HEADER_SIZE;
    long symbolsStart = out.position();
    out.u32(symbols.size());
    for (String s : symbols) {
      out.string(s);
    }
    long postingsStart = out.position();
    List<String> names = new ArrayList<>(postings.keySet());
    names.sort(null);
    List<long[]> table = new ArrayList<>();
    for (String name : names) {
      Map<String, IntList> values = postings.get(name);
      List<String> sorted = new ArrayList<>(values.keySet());
      sorted.sort(null);
      for (String value : sorted) {
        table.add(new long[] {symbolIds.get(name), symbolIds.get(value), out.position()});
        IntList ids = values.get(value);
        out.uvarint(ids.size);
        int prev = 0;
        for (int i = 0; i < ids.size; i++) {
          out.uvarint(ids.values[i] - prev);
          prev = ids.values[i];
        }
      }
    }
    long tableStart = out.position();
    out.u32(table.size());
    for (long[] e : table) {
      out.uvarint(e[0]);
      out.uvarint(e[1]);
      out.uvarint(e[2]);
    }
    long seriesTableStart = out.position();
    out.u32(seriesCount);
    for (int i = 0; i < seriesCount; i++) {
      out.u64(seriesOffsets[i]);
    }
    out.u64(seriesStart);
    out.u64(symbolsStart);
    out.u64(postingsStart);
    out.u64(tableStart);
    out.u64(seriesTableStart);
    return out.finish();
  }

  private int symbol(String s) {
    Integer id = symbolIds.get(s);
    if (id == null) {
      id = symbols.size();
      symbols.add(s);
      symbolIds.put(s, id);
    }
    return id;
  }

  static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  /** A growable int array: postings are series ids in increasing order. */
  private static final class IntList {
    int[] values = new int[2];
    int size;

    void add(int v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }
  }
}
