package dev.vigil.logindex.logql;

/** Prometheus-style durations ({@code 1h30m}, {@code 250ms}) as nanoseconds. */
public final class Durations {
  private Durations() {}

  /** Nanoseconds, or -1 when the text is not a duration. */
  public static long parseNanos(String s) {
    if (s.isEmpty()) {
      return -1;
    }
    long total = 0;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      if (i == start) {
        return -1;
      }
      double n;
      try {
        n = Double.parseDouble(s.substring(start, i));
      } catch (NumberFormatException e) {
        return -1;
      }
      int u = i;
      while (i < s.length() && (Character.isLetter(s.charAt(i)) || s.charAt(i) == 'µ')) {
        i++;
      }
      long unit =
          switch (s.substring(u, i)) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            case "d" -> 86_400_000_000_000L;
            case "w" -> 7 * 86_400_000_000_000L;
            case "y" -> 365 * 86_400_000_000_000L;
            default -> -1L;
          };
      if (unit < 0) {
        return -1;
      }
      total += (long) (n * unit);
    }
    return total;
  }
}
