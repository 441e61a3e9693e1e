package dev.vigil.promql;

/**
 * A query the user wrote that is not valid PromQL. The message reads like Prometheus' own, {@code
 * 1:14: parse error: unexpected <by> in aggregation}, so users can act on it and tools that match
 * Prometheus' wording keep working.
 */
public final class ParseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient PositionRange position;
  private final String detail;
  private final int line;
  private final int column;

  ParseException(String query, PositionRange position, String detail) {
    this(position, detail, PositionRange.lineColumn(query, position.start()));
  }

  private ParseException(PositionRange position, String detail, String lineColumn) {
    super(lineColumn + ": parse error: " + detail);
    this.position = position;
    this.detail = detail;
    int colon = lineColumn.indexOf(':');
    this.line = Integer.parseInt(lineColumn.substring(0, colon));
    this.column = Integer.parseInt(lineColumn.substring(colon + 1));
  }

  /** Where in the query the problem is. */
  public PositionRange position() {
    return position;
  }

  /** 1-based line of the problem. */
  public int line() {
    return line;
  }

  /** 1-based column of the problem. */
  public int column() {
    return column;
  }

  /** The message without its position prefix, e.g. {@code unexpected <by> in aggregation}. */
  public String detail() {
    return detail;
  }
}
