package dev.vigil.server.loki;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.vigil.model.Attributes;
import dev.vigil.model.Resource;
import dev.vigil.model.ResourceGroup;
import dev.vigil.model.Scope;
import dev.vigil.model.ScopeGroup;
import dev.vigil.model.log.LogRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Decodes Loki push requests into the model: each stream becomes a resource whose attributes are
 * the stream's labels, each entry a log record whose attributes are the entry's structured
 * metadata. Two forms, as Loki takes them: JSON ({@code {"streams": [{"stream": {…}, "values":
 * [["<ns>", "line", {metadata}], …]}]}}) and snappy-compressed (block format) {@code
 * logproto.PushRequest}, which Promtail, Grafana Alloy and the Loki Docker driver send. The
 * protobuf is read field by field with {@code CodedInputStream} rather than generated classes: the
 * schema is four tiny messages (field numbers from Loki's {@code pkg/push/push.proto}):
 *
 * <pre>
 * PushRequest   { repeated StreamAdapter streams = 1; }
 * StreamAdapter { string labels = 1; repeated EntryAdapter entries = 2; uint64 hash = 3; }
 * EntryAdapter  { Timestamp timestamp = 1; string line = 2; repeated LabelPair structuredMetadata = 3; }
 * LabelPair     { string name = 1; string value = 2; }     Timestamp { int64 seconds = 1; int32 nanos = 2; }
 * </pre>
 */
final class LokiPushDecoder {
  /** Most bytes a push may decompress to; the compressed body is bounded by the HTTP server. */
  static final int MAX_UNCOMPRESSED = 64 << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private LokiPushDecoder() {}

  static List<ResourceGroup<LogRecord>> protobuf(byte[] body, long nowNanos)
      throws LokiPushException {
    byte[] message = uncompress(body);
    List<ResourceGroup<LogRecord>> groups = new ArrayList<>();
    try {
      CodedInputStream in = CodedInputStream.newInstance(message);
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (field(tag, 1)) {
          int limit = in.pushLimit(in.readRawVarint32());
          groups.add(stream(in, groups.size(), nowNanos));
          in.popLimit(limit);
        } else {
          in.skipField(tag);
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new LokiPushException(
          400, "body is not a valid snappy-compressed logproto.PushRequest: " + e.getMessage());
    }
    return groups;
  }

  private static ResourceGroup<LogRecord> stream(CodedInputStream in, int index, long now)
      throws IOException, LokiPushException {
    String labels = null;
    List<LogRecord> records = new ArrayList<>();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (field(tag, 1)) {
        labels = in.readStringRequireUtf8();
      } else if (field(tag, 2)) {
        int limit = in.pushLimit(in.readRawVarint32());
        records.add(entry(in, index, records.size(), now));
        in.popLimit(limit);
      } else {
        in.skipField(tag);
      }
    }
    if (labels == null || labels.isBlank()) {
      throw new LokiPushException(400, "stream " + index + " has no labels");
    }
    return group(StreamLabelsText.parse(labels), records);
  }

  private static LogRecord entry(CodedInputStream in, int stream, int entry, long now)
      throws IOException, LokiPushException {
    long ts = -1;
    String line = "";
    Attributes.Builder metadata = null;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (field(tag, 1)) {
        int limit = in.pushLimit(in.readRawVarint32());
        long seconds = 0;
        long nanos = 0;
        for (int t = in.readTag(); t != 0; t = in.readTag()) {
          switch (WireFormat.getTagFieldNumber(t)) {
            case 1 -> seconds = in.readInt64();
            case 2 -> nanos = in.readInt32();
            default -> in.skipField(t);
          }
        }
        in.popLimit(limit);
        if (seconds < 0 || nanos < 0 || nanos > 999_999_999 || seconds > 9_000_000_000L) {
          throw new LokiPushException(
              400,
              "stream "
                  + stream
                  + " entry "
                  + entry
                  + ": timestamp "
                  + seconds
                  + " s "
                  + nanos
                  + " ns is out of range");
        }
        ts = seconds * 1_000_000_000L + nanos;
      } else if (field(tag, 2)) {
        line = in.readString(); // Loki keeps lines as bytes; invalid UTF-8 becomes U+FFFD
      } else if (field(tag, 3)) {
        int limit = in.pushLimit(in.readRawVarint32());
        String name = "";
        String value = "";
        for (int t = in.readTag(); t != 0; t = in.readTag()) {
          switch (WireFormat.getTagFieldNumber(t)) {
            case 1 -> name = in.readStringRequireUtf8();
            case 2 -> value = in.readStringRequireUtf8();
            default -> in.skipField(t);
          }
        }
        in.popLimit(limit);
        if (name.isEmpty()) {
          throw new LokiPushException(
              400, "stream " + stream + " entry " + entry + ": structured metadata without a name");
        }
        if (metadata == null) {
          metadata = Attributes.builder();
        }
        metadata.put(name, value);
      } else {
        in.skipField(tag);
      }
    }
    if (ts < 0) {
      throw new LokiPushException(
          400, "stream " + stream + " entry " + entry + " has no timestamp");
    }
    return record(ts, now, line, metadata == null ? Attributes.EMPTY : metadata.build());
  }

  static List<ResourceGroup<LogRecord>> json(byte[] body, long now) throws LokiPushException {
    List<ResourceGroup<LogRecord>> groups = new ArrayList<>();
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new LokiPushException(400, "body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new LokiPushException(400, "body is not valid JSON: " + e.getMessage());
    }
    JsonNode streams = root == null ? null : root.get("streams");
    if (streams == null || !streams.isArray()) {
      throw new LokiPushException(400, "body must be {\"streams\": [...]}");
    }
    for (JsonNode s : streams) {
      int index = groups.size();
      JsonNode stream = s.path("stream");
      if (!stream.isObject() || stream.isEmpty()) {
        throw new LokiPushException(
            400, "stream " + index + ": \"stream\" must be an object of at least one label");
      }
      Attributes.Builder labels = Attributes.builder();
      Iterator<Map.Entry<String, JsonNode>> fields = stream.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        if (!f.getValue().isTextual()) {
          throw new LokiPushException(
              400, "stream " + index + ": label '" + f.getKey() + "' must be a string");
        }
        labels.put(f.getKey(), f.getValue().asText());
      }
      List<LogRecord> records = new ArrayList<>();
      for (JsonNode v : s.path("values")) {
        records.add(jsonEntry(v, index, records.size(), now));
      }
      groups.add(group(labels.build(), records));
    }
    return groups;
  }

  private static LogRecord jsonEntry(JsonNode v, int stream, int entry, long now)
      throws LokiPushException {
    String where = "stream " + stream + " value " + entry;
    if (!v.isArray() || v.size() < 2 || v.size() > 3 || !v.get(1).isTextual()) {
      throw new LokiPushException(
          400, where + " must be [\"<unix ns>\", \"<line>\"] or with a metadata object third");
    }
    long ts;
    try {
      ts = Long.parseLong(v.get(0).asText());
    } catch (NumberFormatException e) {
      throw new LokiPushException(
          400, where + ": timestamp '" + v.get(0).asText() + "' is not Unix nanoseconds");
    }
    if (ts < 0) {
      throw new LokiPushException(400, where + ": timestamp " + ts + " is before 1970");
    }
    Attributes metadata = Attributes.EMPTY;
    if (v.size() == 3) {
      if (!v.get(2).isObject()) {
        throw new LokiPushException(400, where + ": structured metadata must be an object");
      }
      Attributes.Builder b = Attributes.builder();
      Iterator<Map.Entry<String, JsonNode>> it = v.get(2).fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> f = it.next();
        b.put(f.getKey(), f.getValue().asText());
      }
      metadata = b.build();
    }
    return record(ts, now, v.get(1).asText(), metadata);
  }

  private static LogRecord record(long ts, long now, String line, Attributes metadata) {
    return new LogRecord(ts, now, 0, "", line, metadata, 0, 0, null, 0, "");
  }

  private static ResourceGroup<LogRecord> group(Attributes labels, List<LogRecord> records) {
    return new ResourceGroup<>(
        new Resource(labels, 0, ""), List.of(new ScopeGroup<>(Scope.EMPTY, records)));
  }

  private static boolean field(int tag, int number) {
    return WireFormat.getTagFieldNumber(tag) == number
        && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
  }

  private static byte[] uncompress(byte[] body) throws LokiPushException {
    try {
      return dev.vigil.server.http.SnappyBody.uncompress(body, MAX_UNCOMPRESSED);
    } catch (dev.vigil.server.http.SnappyBody.RefusedException e) {
      throw new LokiPushException(e.status(), e.getMessage());
    }
  }
}
