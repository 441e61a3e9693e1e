package dev.vigil.bench;

import java.util.Random;

/**
 * node_exporter-like series: counters with realistic increments and gauges, on an exact 15 s grid
 * (the "node" profile) or with 0–3 ms jitter and 10 % full-precision random floats ("mixed").
 * Deterministic for a seed, so every server receives identical data.
 */
final class NodeWorkload {
  static final long STEP_MILLIS = 15_000;

  private final int series;
  private final boolean mixed;
  private final double[] values;
  private final int[] kinds;
  private final Random random;

  NodeWorkload(int series, boolean mixed, long seed) {
    this.series = series;
    this.mixed = mixed;
    this.values = new double[series];
    this.kinds = new int[series];
    this.random = new Random(seed);
    for (int i = 0; i < series; i++) {
      kinds[i] = mixed && i % 10 == 9 ? 5 : i % 5;
      values[i] =
          switch (kinds[i]) {
            case 0 -> random.nextInt(1_000_000) / 100.0; // cpu seconds, ticks/100
            case 1 -> random.nextInt(1 << 20); // byte counters
            case 2 -> 4096L * (100_000 + random.nextInt(100_000)); // memory in pages
            case 3 -> 1; // info/constant
            default -> random.nextDouble();
          };
    }
  }

  int series() {
    return series;
  }

  String[] labels(int i) {
    String[] names = {
      "node_cpu_seconds_total",
      "node_network_receive_bytes_total",
      "node_memory_MemFree_bytes",
      "node_uname_info",
      "node_load1",
      "random_float"
    };
    return new String[] {
      "__name__",
      names[kinds[i]],
      "instance",
      "host-" + (i / 50) + ":9100",
      "job",
      "node",
      "series",
      Integer.toString(i % 50)
    };
  }

  /** Advances series {@code i} one step and returns its value. */
  double next(int i) {
    values[i] =
        switch (kinds[i]) {
          case 0 -> Math.round((values[i] + random.nextInt(1500) / 100.0) * 100) / 100.0;
          case 1 -> values[i] + random.nextInt(100_000);
          case 2 -> 4096L * (100_000 + random.nextInt(100_000));
          case 3 -> 1;
          case 4 -> Math.round(random.nextDouble() * 400) / 100.0;
          default -> random.nextDouble() * 1000;
        };
    return values[i];
  }

  long timestamp(long gridMillis) {
    return mixed ? gridMillis + random.nextInt(4) : gridMillis;
  }
}
