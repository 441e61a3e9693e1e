package dev.vigil.alert.load;

import java.util.Objects;

/**
 * One thing wrong in a rule file, located so the author can go straight to it.
 *
 * @param file the file as the user named it, e.g. {@code rules/api.yml}
 * @param line 1-based; 0 when the problem is with the file as a whole
 * @param field the path inside the document, e.g. {@code slos[0].objective}; empty for the document
 */
public record Problem(String file, int line, String field, String message) {

  public Problem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  /** {@code rules/x.yml:12: slos[0].objective: must be below 100 (got 100)}. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(file);
    if (line > 0) {
      out.append(':').append(line);
    }
    out.append(": ");
    if (!field.isEmpty()) {
      out.append(field).append(": ");
    }
    return out.append(message).toString();
  }
}
