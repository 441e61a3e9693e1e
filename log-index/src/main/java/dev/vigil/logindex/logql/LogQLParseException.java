package dev.vigil.logindex.logql;

/**
 * A query that is not valid LogQL (or uses a part this engine does not support). The message names
 * the line and column, what was expected and what was found, e.g. {@code parse error at line 1, col
 * 13: expected '}' or ',' after a matcher, found 'foo'}.
 */
public final class LogQLParseException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int offset;
  private final int line;
  private final int column;
  private final String detail;

  LogQLParseException(String query, int offset, String detail) {
    this(lineAndColumn(query, offset), offset, detail);
  }

  private LogQLParseException(int[] lineCol, int offset, String detail) {
    super("parse error at line " + lineCol[0] + ", col " + lineCol[1] + ": " + detail);
    this.offset = offset;
    this.line = lineCol[0];
    this.column = lineCol[1];
    this.detail = detail;
  }

  private static int[] lineAndColumn(String query, int offset) {
    int l = 1;
    int c = 1;
    for (int i = 0; i < offset && i < query.length(); i++) {
      if (query.charAt(i) == '\n') {
        l++;
        c = 1;
      } else {
        c++;
      }
    }
    return new int[] {l, c};
  }

  /** 0-based character offset of the problem. */
  public int offset() {
    return offset;
  }

  /** 1-based. */
  public int line() {
    return line;
  }

  /** 1-based. */
  public int column() {
    return column;
  }

  /** The message without the position. */
  public String detail() {
    return detail;
  }
}
