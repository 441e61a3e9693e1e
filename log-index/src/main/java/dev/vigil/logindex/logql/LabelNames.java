package dev.vigil.logindex.logql;

/** LogQL's label-name rule: {@code [a-zA-Z_][a-zA-Z0-9_]*}; anything else is mapped onto it. */
public final class LabelNames {
  /** Set by a parser stage that could not parse the line. */
  public static final String ERROR = "__error__";

  public static final String ERROR_DETAILS = "__error_details__";

  private LabelNames() {}

  /** Characters outside {@code [a-zA-Z0-9_]} become _, and a leading digit gets a _ before it. */
  public static String sanitize(String key) {
    StringBuilder sb = new StringBuilder(key.length() + 1);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
      boolean digit = c >= '0' && c <= '9';
      if (digit && i == 0) {
        sb.append('_');
      }
      sb.append(letter || digit ? c : '_');
    }
    return sb.isEmpty() ? "_" : sb.toString();
  }
}
