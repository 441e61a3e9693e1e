package dev.vigil.server;

import dev.vigil.logindex.LogIndexOptions;
import dev.vigil.logindex.store.StoredCompression;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The {@code logs:} section of vigil.yml: the log index's retention, refresh, compression, limits
 * and which top-level fields of JSON bodies become record attributes. Every key is checked; an
 * unknown key or a bad value names the file, line and key.
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
          "ingest-burst");

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
      String c = parser.string(m.get("compression"), "logs.compression");
      switch (c) {
        case "zstd" -> b.compression(StoredCompression.ZSTD);
        case "lz4" -> b.compression(StoredCompression.LZ4);
        case "deflate" -> b.compression(StoredCompression.DEFLATE);
        default ->
            throw new ConfigException(
                file
                    + ": line "
                    + VigilConfigFile.line(m.get("compression"))
                    + ": logs.compression must be zstd, lz4 or deflate, got '"
                    + c
                    + "'");
      }
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
    return b.build();
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
