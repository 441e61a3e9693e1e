package dev.vigil.logindex.store;

import dev.vigil.model.Attributes;
import dev.vigil.model.Bytes;
import dev.vigil.model.series.Labels;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.util.BytesRef;
import org.apache.lucene.util.StringHelper;

/**
 * What the records of one stream share in document format 5: the tenant, the severity and the
 * resource. A format-5 document holds the key once per distinct value in its segment (the {@link
 * LogFields#STREAM_KEY} doc values) and a 16-byte hash of it as its one indexed stream term ({@link
 * LogFields#STREAM_ID}), where earlier formats indexed a dozen keyword fields and points per
 * record. Queries on those fields ask the segment's streams instead ({@code query.StreamTable}).
 *
 * <p>The labels and fields a key gives are the ones earlier formats derived from the same record
 * ({@link StreamLabels#of}, {@link LogDocuments}), so a query answers alike in every format.
 */
public final class StreamKey {
  static final byte VERSION = 1;

  /** Lucene's limit for a doc value's bytes. */
  static final int MAX_KEY_BYTES = 32_766;

  /**
   * A string value longer than any keyword is indexed ({@link LogDocuments#MAX_KEYWORD_CHARS}) is
   * kept in the key only this long: still too long to be indexed, and longer than any label value.
   */
  private static final int LONG_VALUE_CHARS = LogDocuments.MAX_KEYWORD_CHARS + 1;

  private final String tenant;
  private final int severityNumber;
  private final String severityText;
  private final Attributes resource;

  StreamKey(String tenant, int severityNumber, String severityText, Attributes resource) {
    this.tenant = tenant;
    this.severityNumber = severityNumber;
    this.severityText = severityText;
    this.resource = resource;
  }

  /**
   * The key of records of this tenant, resource and severity. A resource that would not fit in
   * {@link #MAX_KEY_BYTES} is cut: first its long strings to one character past what a keyword
   * indexes, then to one past the longest label value, then its last attributes: what no query of
   * the earlier formats could have found is what goes.
   */
  static BytesRef encode(String tenant, Attributes resource, int severityNumber, String text) {
    byte[] key = RecordCodec.encodeStream(tenant, severityNumber, text, resource);
    if (key.length <= MAX_KEY_BYTES) {
      return new BytesRef(key);
    }
    for (int chars : new int[] {LONG_VALUE_CHARS, StreamLabels.MAX_VALUE_CHARS + 1}) {
      resource = cut(resource, chars);
      key = RecordCodec.encodeStream(tenant, severityNumber, text, resource);
      if (key.length <= MAX_KEY_BYTES) {
        return new BytesRef(key);
      }
    }
    int n = resource.size();
    do {
      key = RecordCodec.encodeStream(tenant, severityNumber, text, head(resource, --n));
    } while (key.length > MAX_KEY_BYTES && n > 0);
    return new BytesRef(key);
  }

  private static Attributes head(Attributes a, int n) {
    Attributes.Builder b = Attributes.builder(n);
    for (int i = 0; i < n; i++) {
      b.put(a.key(i), a.value(i));
    }
    return b.build();
  }

  /**
   * @throws CorruptSourceException when the bytes are not a key this version wrote
   */
  public static StreamKey decode(BytesRef key) {
    return RecordCodec.decodeStream(key.bytes, key.offset, key.length);
  }

  /** The key's indexed term: the 128-bit MurmurHash3 of its bytes, little-endian. */
  public static BytesRef id(BytesRef key) {
    long[] h = StringHelper.murmurhash3_x64_128(key);
    ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h[0]).putLong(h[1]);
    return new BytesRef(b.array());
  }

  /** The stream's labels, as LogQL selectors see them. */
  public Labels labels() {
    return StreamLabels.of(resource, severityText, severityNumber);
  }

  /**
   * The fields an earlier format gave each record of the stream: the tenant, the severity's, the
   * resource's. What queries on them run against ({@code query.StreamTable}).
   */
  public List<IndexableField> fields() {
    List<IndexableField> fields = new ArrayList<>();
    LogDocuments.keyword(fields::add, LogFields.TENANT, tenant);
    fields.addAll(SeverityFields.of(new Severity(severityNumber, severityText)).fields());
    LogDocuments.attributes(fields::add, LogFields.RESOURCE_PREFIX, resource);
    return fields;
  }

  public String tenant() {
    return tenant;
  }

  public Attributes resource() {
    return resource;
  }

  private static Attributes cut(Attributes a, int chars) {
    Attributes.Builder b = Attributes.builder(a.size());
    for (int i = 0; i < a.size(); i++) {
      b.put(a.key(i), cut(a.value(i), chars));
    }
    return b.build();
  }

  private static Object cut(Object v, int chars) {
    return switch (v) {
      case String s when s.length() > chars -> s.substring(0, chars);
      case Bytes x when x.length() > chars / 2 + 1 ->
          Bytes.copyOf(java.util.Arrays.copyOf(x.toByteArray(), chars / 2 + 1));
      case Attributes nested -> cut(nested, chars);
      case List<?> list -> list.stream().map(e -> cut(e, chars)).toList();
      case null, default -> v;
    };
  }
}
