package dev.vigil.collector.otlp;

import dev.vigil.model.Attributes;
import dev.vigil.model.Bytes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Decodes OTLP {@code KeyValue} and {@code AnyValue} messages into the representation {@link
 * Attributes} documents, as {@link AttributeProtoMapper} maps them.
 *
 * <p>An {@code AnyValue} may legally arrive in several pieces (a field repeated, or the message
 * itself repeated where it is a singular field), which protobuf merges: the last scalar wins, and
 * every {@code array_value} or {@code kvlist_value} piece is appended to what earlier pieces of the
 * same kind held, even when another kind came between (protobuf-java keeps a builder per kind). The
 * state of a value being read lives in slot arrays indexed by its nesting depth, which is why the
 * depth is limited to {@value #MAX_DEPTH}. Slot 0 is reserved for a log record's body, whose pieces
 * may be separated by the record's attributes. Not thread-safe.
 */
final class AttributesDecoder {
  static final int MAX_DEPTH = 64;
  static final int BODY_SLOT = 0;

  private static final int CASE_NONE = 0;
  private static final int CASE_STRING = 1;
  private static final int CASE_BOOL = 2;
  private static final int CASE_INT = 3;
  private static final int CASE_DOUBLE = 4;
  private static final int CASE_ARRAY = 5;
  private static final int CASE_KVLIST = 6;
  private static final int CASE_BYTES = 7;
  private static final int CASE_STRINDEX = 8;

  private final ProtoReader r;
  private final ObjectStack stack;

  private final int[] valueCase = new int[MAX_DEPTH + 1];
  private final Object[] scalar = new Object[MAX_DEPTH + 1];
  private final List<?>[] arrays = new List<?>[MAX_DEPTH + 1];
  private final Attributes[] kvlists = new Attributes[MAX_DEPTH + 1];

  AttributesDecoder(ProtoReader r, ObjectStack stack) {
    this.r = r;
    this.stack = stack;
  }

  /** Reads one top-level {@code KeyValue} (the reader at its length) and pushes key and value. */
  void readKeyValue() throws MalformedOtlpException {
    readKeyValue(1);
  }

  /** Takes the key/value pairs pushed since {@code from} off the stack as Attributes. */
  Attributes popAttributes(int from) {
    int n = (stack.size() - from) >> 1;
    if (n == 0) {
      return Attributes.EMPTY;
    }
    Attributes.Builder b = Attributes.builder(n);
    for (int i = from; i < from + 2 * n; i += 2) {
      b.put((String) stack.get(i), stack.get(i + 1));
    }
    stack.truncate(from);
    return b.build();
  }

  /** Forgets the body read so far: call when a log record starts. */
  void resetBody() {
    reset(BODY_SLOT);
  }

  /** Reads one piece of a log record's body (the reader at its length), merging it in. */
  void readBody() throws MalformedOtlpException {
    readAnyValue(BODY_SLOT, 1);
  }

  /** The body read since {@link #resetBody()}: null when absent or empty. */
  Object body() {
    Object v = value(BODY_SLOT);
    reset(BODY_SLOT);
    return v;
  }

  /** Appends {@code more} to {@code base} (a singular message sent in several pieces). */
  static Attributes concat(Attributes base, Attributes more) {
    if (base == null || base.isEmpty()) {
      return more;
    }
    if (more.isEmpty()) {
      return base;
    }
    Attributes.Builder b = Attributes.builder(base.size() + more.size());
    for (int i = 0; i < base.size(); i++) {
      b.put(base.key(i), base.value(i));
    }
    for (int i = 0; i < more.size(); i++) {
      b.put(more.key(i), more.value(i));
    }
    return b.build();
  }

  private void readKeyValue(int depth) throws MalformedOtlpException {
    int outer = r.enterMessage();
    String key = "";
    reset(depth);
    while (r.hasMore()) {
      int tag = r.readTag();
      switch (tag) {
        case 10 -> key = r.readString("KeyValue.key");
        case 18 -> readAnyValue(depth, depth);
        case 24 -> r.readVarint32(); // key_strindex: a profiles dictionary reference
        default -> r.skipField(tag);
      }
    }
    r.leaveMessage(outer);
    stack.push(key);
    stack.push(value(depth));
    reset(depth);
  }

  /** Reads one piece of an AnyValue at {@code depth} (the reader at its length) into its slot. */
  private void readAnyValue(int slot, int depth) throws MalformedOtlpException {
    if (depth > MAX_DEPTH) {
      throw r.error("AnyValue nested deeper than " + MAX_DEPTH, r.pos);
    }
    int outer = r.enterMessage();
    while (r.hasMore()) {
      int tag = r.readTag();
      switch (tag) {
        case 10 -> set(slot, CASE_STRING, r.readString("AnyValue.string_value"));
        case 16 -> set(slot, CASE_BOOL, r.readBool());
        case 24 -> set(slot, CASE_INT, r.readVarint64());
        case 33 -> set(slot, CASE_DOUBLE, r.readDouble());
        case 42 -> {
          List<Object> piece = readArray(depth);
          arrays[slot] = arrays[slot] == null ? piece : concat(arrays[slot], piece);
          valueCase[slot] = CASE_ARRAY;
        }
        case 50 -> {
          Attributes piece = readKvList(depth);
          kvlists[slot] = concat(kvlists[slot], piece);
          valueCase[slot] = CASE_KVLIST;
        }
        case 58 -> {
          int len = r.readLength();
          set(slot, CASE_BYTES, Bytes.copyOf(r.buf, r.pos, len));
          r.pos += len;
        }
        case 64 -> {
          r.readVarint32();
          set(slot, CASE_STRINDEX, null);
        }
        default -> r.skipField(tag);
      }
    }
    r.leaveMessage(outer);
  }

  private List<Object> readArray(int depth) throws MalformedOtlpException {
    int outer = r.enterMessage();
    int from = stack.size();
    int child = depth + 1;
    while (r.hasMore()) {
      int tag = r.readTag();
      if (tag == 10) {
        reset(child);
        readAnyValue(child, child);
        stack.push(value(child));
        reset(child);
      } else {
        r.skipField(tag);
      }
    }
    r.leaveMessage(outer);
    return stack.popNullableList(from);
  }

  private Attributes readKvList(int depth) throws MalformedOtlpException {
    int outer = r.enterMessage();
    int from = stack.size();
    while (r.hasMore()) {
      int tag = r.readTag();
      if (tag == 10) {
        readKeyValue(depth + 1);
      } else {
        r.skipField(tag);
      }
    }
    r.leaveMessage(outer);
    return popAttributes(from);
  }

  private void set(int slot, int kind, Object v) {
    valueCase[slot] = kind;
    scalar[slot] = v;
  }

  private Object value(int slot) {
    return switch (valueCase[slot]) {
      case CASE_STRING, CASE_BOOL, CASE_INT, CASE_DOUBLE, CASE_BYTES -> scalar[slot];
      case CASE_ARRAY -> arrays[slot];
      case CASE_KVLIST -> kvlists[slot];
      default -> null;
    };
  }

  private void reset(int slot) {
    valueCase[slot] = CASE_NONE;
    scalar[slot] = null;
    arrays[slot] = null;
    kvlists[slot] = null;
  }

  private static List<Object> concat(List<?> base, List<Object> more) {
    List<Object> all = new ArrayList<>(base.size() + more.size());
    all.addAll(base);
    all.addAll(more);
    return Collections.unmodifiableList(all);
  }
}
