package dev.vigil.collector.otlp;

import dev.vigil.model.Attributes;
import dev.vigil.model.Bytes;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Maps OTLP {@code AnyValue} and {@code KeyValue} lists to the representation {@link Attributes}
 * documents. {@code string_value_strindex} (a reference into a profiles dictionary, meaningless in
 * traces, logs and metrics) maps to null, as does an empty {@code AnyValue}.
 */
final class AttributeProtoMapper {
  private AttributeProtoMapper() {}

  static Attributes attributes(List<KeyValue> keyValues) {
    if (keyValues.isEmpty()) {
      return Attributes.EMPTY;
    }
    Attributes.Builder b = Attributes.builder(keyValues.size());
    for (KeyValue kv : keyValues) {
      b.put(kv.getKey(), kv.hasValue() ? value(kv.getValue()) : null);
    }
    return b.build();
  }

  static Object value(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case BOOL_VALUE -> v.getBoolValue();
      case INT_VALUE -> v.getIntValue();
      case DOUBLE_VALUE -> v.getDoubleValue();
      case BYTES_VALUE -> Bytes.copyOf(v.getBytesValue().toByteArray());
      case ARRAY_VALUE -> array(v.getArrayValue().getValuesList());
      case KVLIST_VALUE -> attributes(v.getKvlistValue().getValuesList());
      case STRING_VALUE_STRINDEX, VALUE_NOT_SET -> null;
    };
  }

  private static List<Object> array(List<AnyValue> values) {
    if (values.isEmpty()) {
      return List.of();
    }
    List<Object> out = new ArrayList<>(values.size());
    for (AnyValue v : values) {
      out.add(value(v));
    }
    return Collections.unmodifiableList(out);
  }
}
