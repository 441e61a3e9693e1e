package dev.vigil.model;

import java.util.Objects;

/**
 * The tenant a record belongs to. Every batch carries one, every store keys its data by it, and no
 * query crosses it.
 *
 * <p>Identifiers follow the rules Cortex, Mimir and Loki apply to {@code X-Scope-OrgID}: 1 to 150
 * characters out of letters, digits and {@code !-_.*'()}; {@code .} and {@code ..} are refused
 * because stores use the identifier as a directory name.
 */
public record Tenant(String id) {
  public static final int MAX_LENGTH = 150;
  public static final Tenant DEFAULT = new Tenant("default");

  public Tenant {
    Objects.requireNonNull(id, "id");
    String problem = problem(id);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** Returns why {@code id} is not a valid tenant identifier, or null when it is. */
  public static String problem(String id) {
    if (id.isEmpty()) {
      return "tenant id is empty";
    }
    if (id.length() > MAX_LENGTH) {
      return "tenant id is longer than " + MAX_LENGTH + " characters";
    }
    if (id.equals(".") || id.equals("..")) {
      return "tenant id must not be '.' or '..'";
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!-_.*'()".indexOf(c) >= 0;
      if (!ok) {
        return "tenant id contains '"
            + c
            + "' at position "
            + i
            + "; allowed are letters, digits and !-_.*'()";
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return id;
  }
}
