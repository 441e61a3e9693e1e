package dev.vigil.promql.promqltest;

/** A promqltest file that does not follow the format; the message names the file and line. */
public final class ScriptParseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ScriptParseException(String scriptName, int line, String message) {
    super(scriptName + ":" + line + ": " + message);
  }
}
