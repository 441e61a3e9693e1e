package dev.vigil.alert.eval;

/** Where an alert stands, as Prometheus names it. */
public enum AlertState {
  PENDING("pending"),
  FIRING("firing"),
  RESOLVED("resolved");

  private final String label;

  AlertState(String label) {
    this.label = label;
  }

  /** The lower-case name used in APIs, in {@code ALERTS{alertstate}} and in notifications. */
  public String label() {
    return label;
  }
}
