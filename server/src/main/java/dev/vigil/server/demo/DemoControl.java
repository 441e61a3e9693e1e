package dev.vigil.server.demo;

import dev.vigil.demo.DemoWorkload;

/**
 * The running demo workload, handed to the incident endpoint. It is set after the server is up,
 * because the workload needs the server's ports.
 */
public final class DemoControl {
  private volatile DemoWorkload workload;

  public void attach(DemoWorkload running) {
    this.workload = running;
  }

  DemoWorkload workload() {
    return workload;
  }
}
