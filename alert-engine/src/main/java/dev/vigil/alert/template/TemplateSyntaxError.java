package dev.vigil.alert.template;

/** A problem found while lexing or parsing, with the line it is on; turned into messages above. */
final class TemplateSyntaxError extends Exception {
  private static final long serialVersionUID = 1L;

  final int line;

  TemplateSyntaxError(int line, String message) {
    super(message, null, false, false);
    this.line = line;
  }
}
