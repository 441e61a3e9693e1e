package dev.vigil.alert.load;

/**
 * The rule directory itself cannot be read (missing, not a directory, not readable). Problems
 * inside files are never thrown: they are reported per file in {@link LoadedRules}.
 */
public final class RuleLoadException extends Exception {
  private static final long serialVersionUID = 1L;

  public RuleLoadException(String message, Throwable cause) {
    super(message, cause);
  }

  public RuleLoadException(String message) {
    super(message);
  }
}
