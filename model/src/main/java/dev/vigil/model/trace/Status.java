package dev.vigil.model.trace;

import java.util.Objects;

/** A span's status. */
public record Status(StatusCode code, String message) {
  public static final Status UNSET = new Status(StatusCode.UNSET, "");

  public Status {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(message, "message");
  }
}
