package dev.vigil.alert.notify;

/**
 * A silence, acknowledgement or routing setting that cannot be accepted; the message starts with
 * the field at fault ({@code matchers[0].name: …}) so an API client can show it beside the field.
 */
public final class SilenceRejected extends Exception {
  private final String field;

  public SilenceRejected(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
