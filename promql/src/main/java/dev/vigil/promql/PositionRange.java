package dev.vigil.promql;

/**
 * A half-open range of character offsets into the query text.
 *
 * @param start offset of the first character
 * @param end offset just past the last character
 */
public record PositionRange(int start, int end) {

  public PositionRange {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad range " + start + ".." + end);
    }
  }

  /** The smallest range covering both. */
  public PositionRange union(PositionRange other) {
    return new PositionRange(Math.min(start, other.start), Math.max(end, other.end));
  }

  /**
   * The 1-based {@code line:column} of {@code offset} in {@code text}, as Prometheus reports it.
   */
  public static String lineColumn(String text, int offset) {
    int line = 1;
    int lastLineBreak = -1;
    for (int i = 0; i < offset && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lastLineBreak = i;
      }
    }
    return line + ":" + (offset - lastLineBreak);
  }
}
