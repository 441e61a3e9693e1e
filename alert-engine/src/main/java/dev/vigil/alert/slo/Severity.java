package dev.vigil.alert.slo;

/** The two alert severities of multiwindow multi-burn-rate alerting (SRE Workbook, ch. 5). */
public enum Severity {
  /** Fast burn: wake someone up. */
  PAGE("page"),
  /** Slow burn: someone should look during working hours. */
  TICKET("ticket");

  private final String label;

  Severity(String label) {
    this.label = label;
  }

  /** The value of the {@code sloth_severity} label. */
  public String label() {
    return label;
  }
}
