package dev.vigil.server;

/**
 * Whether the process serves traffic: ready once every store has recovered and every listener is
 * up, not ready again as soon as shutdown begins.
 */
public final class Readiness {
  private volatile String notReadyBecause = "starting";

  void ready() {
    notReadyBecause = null;
  }

  void notReady(String reason) {
    notReadyBecause = reason;
  }

  /** Null when ready, else why not. */
  public String notReadyBecause() {
    return notReadyBecause;
  }
}
