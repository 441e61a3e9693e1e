package dev.vigil.alert.eval;

import java.util.Map;

/**
 * The few JSON shapes notifications need, written by hand: the alert engine has no JSON library.
 */
final class Json {
  private Json() {}

  static String string(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  static String object(Map<String, String> map) {
    StringBuilder sb = new StringBuilder("{");
    map.forEach((k, v) ->
        sb.append(sb.length() > 1 ? "," : "").append(string(k)).append(':').append(string(v)));
    return sb.append('}').toString();
  }
}
