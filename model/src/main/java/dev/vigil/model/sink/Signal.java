package dev.vigil.model.sink;

/** The three OTLP signals. */
public enum Signal {
  METRICS("metrics", "data points"),
  LOGS("logs", "log records"),
  TRACES("traces", "spans");

  private final String label;
  private final String itemNoun;

  Signal(String label, String itemNoun) {
    this.label = label;
    this.itemNoun = itemNoun;
  }

  /** Lower-case name used in metric labels, URLs and messages. */
  public String label() {
    return label;
  }

  /** What one counted item of this signal is called, for messages ("3 spans rejected"). */
  public String itemNoun() {
    return itemNoun;
  }
}
