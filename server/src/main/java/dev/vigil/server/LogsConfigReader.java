package dev.vigil.server;

import dev.vigil.logindex.LogIndexOptions;
import dev.vigil.logindex.store.PartitionSpan;
import dev.vigil.logindex.store.StoredCompression;
import dev.vigil.logindex.translog.SyncMode;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The {@code logs:} section of vigil.yml: the log index's retention, refresh, compression, limits,
 * which top-level fields of JSON bodies become record attributes, and its storage knobs (partition
 * span, translog fsync, commits, search-idle time, writer buffer, metric-query limits). Every key
 * is checked; an unknown key or a bad value names the file, line and key.
 */
final class LogsConfigReader {
  private static final Set<String> KEYS =
      Set.of(
          "retention",
          "refresh-interval",
          "compression",
          "json-body-fields",
          "max-record-size",
          "max-attributes-per-record",
          "ingest-rate",
          "ingest-burst",
          "partition",
          "fsync",
          "fsync-interval",
          "commit-interval",
          "search-idle-after",
          "idle-close",
          "ram-buffer",
          "max-query-samples",
          "max-query-series",
          "query-timeout",
          "tail-keepalive");

  private final VigilConfigFile parser;
  private final String file;

  LogsConfigReader(VigilConfigFile parser, String file) {
    this.parser = parser;
    this.file = file;
  }

  LogIndexOptions read(Node node) throws ConfigException {
    Map<String, Node> m = parser.mapping(node, "logs", KEYS);
    LogIndexOptions d = LogIndexOptions.defaults();
    LogIndexOptions.Builder b = LogIndexOptions.builder();
    if (m.containsKey("retention")) {
      b.retention(parser.duration(m.get("retention"), "logs.retention"));
    }
    if (m.containsKey("refresh-interval")) {
      b.refreshInterval(parser.duration(m.get("refresh-interval"), "logs.refresh-interval"));
    }
    if (m.containsKey("compression")) {
      b.compression(
          switch (parser.choice(
              m.get("compression"), "logs.compression", "zstd", "lz4", "deflate")) {
            case "lz4" -> StoredCompression.LZ4;
            case "deflate" -> StoredCompression.DEFLATE;
            default -> StoredCompression.ZSTD;
          });
    }
    if (m.containsKey("json-body-fields")) {
      b.jsonBodyFields(fields(m.get("json-body-fields")));
    }
    if (m.containsKey("max-record-size")) {
      b.maxRecordBytes(
          (int)
              Math.min(
                  Integer.MAX_VALUE,
                  parser.positiveSize(m.get("max-record-size"), "logs.max-record-size")));
    }
    if (m.containsKey("max-attributes-per-record")) {
      b.maxAttributesPerRecord(
          parser.intValue(
              m.get("max-attributes-per-record"), "logs.max-attributes-per-record", 1, 1_000_000));
    }
    if (m.containsKey("ingest-rate") || m.containsKey("ingest-burst")) {
      double rate =
          m.containsKey("ingest-rate")
              ? parser.positiveSize(m.get("ingest-rate"), "logs.ingest-rate")
              : d.ingestBytesPerSecond();
      double burst =
          m.containsKey("ingest-burst")
              ? parser.positiveSize(m.get("ingest-burst"), "logs.ingest-burst")
              : Math.max(rate, d.ingestBurstBytes());
      b.ingestRate(rate, burst);
    }
    storage(m, b);
    return b.build();
  }

  private void storage(Map<String, Node> m, LogIndexOptions.Builder b) throws ConfigException {
    if (m.containsKey("partition")) {
      b.granularity(
          switch (parser.choice(m.get("partition"), "logs.partition", "day", "hour")) {
            case "hour" -> PartitionSpan.Granularity.HOUR;
            default -> PartitionSpan.Granularity.DAY;
          });
    }
    String fsync =
        m.containsKey("fsync")
            ? parser.choice(m.get("fsync"), "logs.fsync", "always", "interval", "never")
            : "always";
    b.syncMode(
        switch (fsync) {
          case "interval" -> SyncMode.INTERVAL;
          case "never" -> SyncMode.NEVER;
          default -> SyncMode.EVERY_APPEND;
        });
    if (m.containsKey("fsync-interval")) {
      if (!fsync.equals("interval")) {
        throw new ConfigException(
            file
                + ": line "
                + VigilConfigFile.line(m.get("fsync-interval"))
                + ": logs.fsync-interval applies only with fsync: interval (fsync is "
                + fsync
                + ")");
      }
      b.syncInterval(positiveDuration(m.get("fsync-interval"), "logs.fsync-interval"));
    }
    if (m.containsKey("commit-interval")) {
      b.commitInterval(positiveDuration(m.get("commit-interval"), "logs.commit-interval"));
    }
    if (m.containsKey("search-idle-after")) {
      b.searchIdleAfter(positiveDuration(m.get("search-idle-after"), "logs.search-idle-after"));
    }
    if (m.containsKey("idle-close")) {
      b.idleClose(positiveDuration(m.get("idle-close"), "logs.idle-close"));
    }
    if (m.containsKey("ram-buffer")) {
      long bytes = parser.positiveSize(m.get("ram-buffer"), "logs.ram-buffer");
      if (bytes < 1L << 20 || bytes > 2047L << 20) {
        // Lucene's own bounds for one writer's buffer.
        throw new ConfigException(
            file
                + ": line "
                + VigilConfigFile.line(m.get("ram-buffer"))
                + ": logs.ram-buffer must be between 1MiB and 2047MiB, got "
                + bytes
                + " bytes");
      }
      b.ramBufferMb(bytes / (double) (1 << 20));
    }
    if (m.containsKey("tail-keepalive")) {
      b.tailKeepAlive(positiveDuration(m.get("tail-keepalive"), "logs.tail-keepalive"));
    }
    if (m.containsKey("query-timeout")) {
      b.queryTimeout(positiveDuration(m.get("query-timeout"), "logs.query-timeout"));
    }
    if (m.containsKey("max-query-samples") || m.containsKey("max-query-series")) {
      LogIndexOptions d = LogIndexOptions.defaults();
      b.queryLimits(
          m.containsKey("max-query-samples")
              ? parser.intValue(
                  m.get("max-query-samples"), "logs.max-query-samples", 1, Integer.MAX_VALUE)
              : d.maxQuerySamples(),
          m.containsKey("max-query-series")
              ? parser.intValue(m.get("max-query-series"), "logs.max-query-series", 1, 10_000_000)
              : d.maxQuerySeries());
    }
  }

  private java.time.Duration positiveDuration(Node node, String key) throws ConfigException {
    java.time.Duration d = parser.duration(node, key);
    if (d.isZero() || d.isNegative()) {
      throw new ConfigException(
          file + ": line " + VigilConfigFile.line(node) + ": " + key + " must be above zero");
    }
    return d;
  }

  private Set<String> fields(Node node) throws ConfigException {
    if (!(node instanceof SequenceNode seq)) {
      throw new ConfigException(
          file
              + ": line "
              + VigilConfigFile.line(node)
              + ": logs.json-body-fields must be a list of field names (or [\"*\"])");
    }
    Set<String> out = new LinkedHashSet<>();
    for (Node n : seq.getValue()) {
      String f = parser.string(n, "logs.json-body-fields[]");
      if (f.isBlank()) {
        throw new ConfigException(
            file
                + ": line "
                + VigilConfigFile.line(n)
                + ": logs.json-body-fields[] must not be empty");
      }
      out.add(f);
    }
    return out;
  }
}
