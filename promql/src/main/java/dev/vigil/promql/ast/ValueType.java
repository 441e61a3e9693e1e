package dev.vigil.promql.ast;

/** The type an expression evaluates to, as Prometheus defines it. */
public enum ValueType {
  /** Not a value: only seen on malformed trees. */
  NONE("none", "none"),
  SCALAR("scalar", "scalar"),
  VECTOR("vector", "instant vector"),
  MATRIX("matrix", "range vector"),
  STRING("string", "string");

  private final String internalName;
  private final String documentedName;

  ValueType(String internalName, String documentedName) {
    this.internalName = internalName;
    this.documentedName = documentedName;
  }

  /** The name Prometheus' own code uses ("vector", "matrix"); a few error messages quote it. */
  public String internalName() {
    return internalName;
  }

  /**
   * The name the user documentation uses ("instant vector", "range vector"); most messages use it.
   */
  public String documentedName() {
    return documentedName;
  }
}
