package dev.vigil.tsdb.chunk;

import java.util.Random;

/**
 * Deterministic synthetic series for the bytes/sample measurement, after what node_exporter exposes
 * on a Linux host. Every series gets its own {@code Random(seed * 1_000_003 + id)}, so a series is
 * the same whatever else is generated.
 *
 * <p>Value shapes follow how node_exporter computes them: cpu seconds are USER_HZ ticks / 100, disk
 * times are milliseconds / 1000, load averages are parsed from two-decimal text, memory and
 * filesystem gauges are bytes in whole pages, network and vmstat counters are integers. The kinds
 * and their shares are in {@link Kind}; the mixed workload replaces 10 % of series by
 * full-precision random floats and adds 0-3 ms of uniform jitter to every timestamp.
 */
final class Workload {
  static final long START = 1_763_856_000_000L; // 2025-11-23T00:00:00Z
  static final long INTERVAL = 15_000;

  /** Kinds of node series; {@code share} is per 100 series. */
  enum Kind {
    CONSTANT(25), // info metrics (1), sizes, zero error counters, boot time, up
    CPU_SECONDS(20), // node_cpu_seconds_total: ticks / 100
    INTEGER_COUNTER(15), // network bytes/packets, vmstat, context switches, interrupts
    PAGE_GAUGE(15), // node_memory_*_bytes, node_filesystem_{free,avail}_bytes
    SMALL_GAUGE(10), // procs running, open fds, sockets in use, entropy
    LOAD_AVERAGE(5), // node_load1/5/15, two decimals
    DISK_SECONDS(5), // node_disk_*_time_seconds_total: ms / 1000
    TEMPERATURE(5), // node_hwmon_temp_celsius: millidegrees / 1000, half-degree steps
    RANDOM_FLOAT(0); // mixed workload only: full-precision floats (rates, ratios, durations)

    final int share;

    Kind(int share) {
      this.share = share;
    }
  }

  final boolean mixed;
  final long seed;

  private Workload(boolean mixed, long seed) {
    this.mixed = mixed;
    this.seed = seed;
  }

  static Workload node(long seed) {
    return new Workload(false, seed);
  }

  static Workload mixed(long seed) {
    return new Workload(true, seed);
  }

  String name() {
    return mixed ? "mixed" : "node";
  }

  /** The kind of series {@code id}: a fixed rotation through the shares, 10 % random in mixed. */
  Kind kind(int id) {
    if (mixed && id % 10 == 9) {
      return Kind.RANDOM_FLOAT;
    }
    int slot = id % 100;
    for (Kind k : Kind.values()) {
      if (slot < k.share) {
        return k;
      }
      slot -= k.share;
    }
    throw new IllegalStateException("BUG: shares do not add up to 100");
  }

  /** Fills {@code ts} and {@code vs} (same length) with series {@code id}. */
  void series(int id, long[] ts, double[] vs) {
    Random rnd = new Random(seed * 1_000_003L + id);
    long phase = rnd.nextInt((int) INTERVAL); // targets are scraped at spread-out offsets
    for (int i = 0; i < ts.length; i++) {
      ts[i] = START + phase + i * INTERVAL + (mixed ? rnd.nextInt(4) : 0);
    }
    Kind kind = kind(id);
    switch (kind) {
      case CONSTANT -> {
        double[] choices = {0, 1, 1, 0, 1.763e9, 4096L * rnd.nextInt(1 << 24), 1500, 1e9};
        java.util.Arrays.fill(vs, choices[rnd.nextInt(choices.length)]);
      }
      case CPU_SECONDS -> {
        // per-core modes: idle near 1500 ticks per 15 s, user/system tens to hundreds, rest few
        int mode = rnd.nextInt(8);
        double rate =
            mode == 0 ? 1400 + rnd.nextInt(100) : mode < 3 ? 5 + rnd.nextInt(300) : rnd.nextInt(3);
        long ticks = (long) (rnd.nextDouble() * 1e8);
        for (int i = 0; i < vs.length; i++) {
          ticks += Math.max(0, Math.round(rate + rnd.nextGaussian() * Math.sqrt(rate + 1) * 2));
          vs[i] = ticks / 100.0;
        }
      }
      case INTEGER_COUNTER -> {
        double rate = Math.exp(rnd.nextDouble() * Math.log(1e6)); // 1 .. 1e6 per scrape
        boolean idle = rnd.nextInt(3) == 0; // idle interfaces and rare events
        long c = (long) (rnd.nextDouble() * 1e11);
        for (int i = 0; i < vs.length; i++) {
          if (!idle || rnd.nextInt(20) == 0) {
            c += Math.max(0, Math.round(rate * (1 + 0.3 * rnd.nextGaussian())));
          }
          vs[i] = c;
        }
      }
      case PAGE_GAUGE -> {
        double changeProb = rnd.nextDouble();
        double pages = Math.exp(rnd.nextDouble() * Math.log(1000));
        long v = 4096L * (1000 + rnd.nextInt(4_000_000));
        for (int i = 0; i < vs.length; i++) {
          if (rnd.nextDouble() < changeProb) {
            v = Math.max(0, v + 4096L * Math.round(rnd.nextGaussian() * pages));
          }
          vs[i] = v;
        }
      }
      case SMALL_GAUGE -> {
        double mean = Math.exp(rnd.nextDouble() * Math.log(2000));
        for (int i = 0; i < vs.length; i++) {
          vs[i] = Math.max(0, Math.round(mean + rnd.nextGaussian() * Math.sqrt(mean)));
        }
      }
      case LOAD_AVERAGE -> {
        double alpha = new double[] {0.22, 0.05, 0.017}[rnd.nextInt(3)]; // 1, 5, 15 min at 15 s
        double level = rnd.nextDouble() * 4;
        double load = level;
        for (int i = 0; i < vs.length; i++) {
          load += alpha * (Math.max(0, level + rnd.nextGaussian()) - load);
          vs[i] = Math.round(load * 100) / 100.0; // what parsing "0.52" from /proc/loadavg gives
        }
      }
      case DISK_SECONDS -> {
        double rate = Math.exp(rnd.nextDouble() * Math.log(5000)); // ms busy per 15 s
        long ms = (long) (rnd.nextDouble() * 1e9);
        for (int i = 0; i < vs.length; i++) {
          ms += Math.max(0, Math.round(rate * (1 + 0.5 * rnd.nextGaussian())));
          vs[i] = ms / 1000.0;
        }
      }
      case TEMPERATURE -> {
        long milli = 35_000 + 500L * rnd.nextInt(60);
        for (int i = 0; i < vs.length; i++) {
          if (rnd.nextInt(4) == 0) {
            milli += 500L * (rnd.nextInt(3) - 1);
          }
          vs[i] = milli / 1000.0;
        }
      }
      case RANDOM_FLOAT -> {
        double scale = Math.exp(rnd.nextGaussian() * 5);
        for (int i = 0; i < vs.length; i++) {
          vs[i] = scale * (1 + 0.2 * rnd.nextGaussian()); // e.g. a rate() or a latency ratio
        }
      }
    }
  }
}
