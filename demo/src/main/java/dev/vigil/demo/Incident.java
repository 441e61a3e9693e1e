package dev.vigil.demo;

import java.util.Locale;

/** The failures the demo can inject, each visible in all three signals. */
public enum Incident {
  /** The payment provider times out: payment latency near 2 s and a share of 5xx on checkout. */
  PAYMENT_TIMEOUT("payment provider timeout"),
  /** The inventory database slows down: checkout latency rises, errors stay rare. */
  INVENTORY_SLOWDOWN("inventory database slowdown"),
  /** Checkout fails outright for most requests: burns the checkout SLO fast enough to page. */
  CHECKOUT_ERROR_BURST("checkout error burst");

  private final String description;

  Incident(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }

  /** Parses {@code payment-timeout}, {@code PAYMENT_TIMEOUT} and the like. */
  public static Incident parse(String name) {
    try {
      return valueOf(name.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      StringBuilder known = new StringBuilder();
      for (Incident i : values()) {
        known
            .append(known.isEmpty() ? "" : ", ")
            .append(i.name().toLowerCase(Locale.ROOT).replace('_', '-'));
      }
      throw new IllegalArgumentException("unknown incident '" + name + "'; known: " + known);
    }
  }
}
