package dev.vigil.logindex.logql;

import java.util.Map;
import java.util.Set;

/**
 * {@code | logfmt}: {@code key=value} pairs separated by spaces; values may be double-quoted with
 * backslash escapes; a bare key gives "". Later duplicates win, as in Loki.
 */
final class LogfmtFields {
  private LogfmtFields() {}

  /** Puts the pairs into {@code out}; returns null, or why the line is not logfmt. */
  static String extract(String line, Map<String, String> out, Set<String> stream) {
    int i = 0;
    int n = line.length();
    while (i < n) {
      while (i < n && line.charAt(i) == ' ') {
        i++;
      }
      if (i >= n) {
        break;
      }
      int k = i;
      while (i < n && line.charAt(i) != '=' && line.charAt(i) != ' ') {
        if (line.charAt(i) == '"') {
          return "unexpected '\"' in a key at offset " + i;
        }
        i++;
      }
      String key = line.substring(k, i);
      String value = "";
      if (i < n && line.charAt(i) == '=') {
        i++;
        if (i < n && line.charAt(i) == '"') {
          StringBuilder sb = new StringBuilder();
          i++;
          while (true) {
            if (i >= n) {
              return "unterminated quoted value for key '" + key + "'";
            }
            char c = line.charAt(i++);
            if (c == '"') {
              break;
            }
            if (c == '\\' && i < n) {
              char e = line.charAt(i++);
              sb.append(
                  switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> e;
                  });
            } else {
              sb.append(c);
            }
          }
          value = sb.toString();
        } else {
          int v = i;
          while (i < n && line.charAt(i) != ' ') {
            i++;
          }
          value = line.substring(v, i);
        }
      }
      if (key.isEmpty()) {
        return "a value without a key at offset " + k;
      }
      String name = LabelNames.sanitize(key);
      out.put(stream.contains(name) ? name + "_extracted" : name, value);
    }
    return null;
  }
}
