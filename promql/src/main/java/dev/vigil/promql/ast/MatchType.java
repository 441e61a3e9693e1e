package dev.vigil.promql.ast;

/** How a label matcher compares a label value. */
public enum MatchType {
  EQUAL("="),
  NOT_EQUAL("!="),
  REGEX("=~"),
  NOT_REGEX("!~");

  private final String symbol;

  MatchType(String symbol) {
    this.symbol = symbol;
  }

  public String symbol() {
    return symbol;
  }

  public boolean isRegex() {
    return this == REGEX || this == NOT_REGEX;
  }
}
