package dev.vigil.alert.template;

/**
 * A template that does not parse, or fails while it is expanded. The message has the shape of Go's
 * ({@code template: NAME:LINE: ...} when parsing, {@code template: NAME:LINE:COL: executing "NAME"
 * at <...>: ...} when expanding), so it reads as Prometheus' would.
 */
public final class TemplateException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final String detail;

  TemplateException(String message, int line, String detail) {
    super(message);
    this.line = line;
    this.detail = detail;
  }

  /** The line of the template (1-based) the problem is on. */
  public int line() {
    return line;
  }

  /** The problem without Go's {@code template: NAME:LINE:} prefix. */
  public String detail() {
    return detail;
  }
}
