package dev.vigil.tsdb.chunk;

import dev.vigil.model.Tenant;
import dev.vigil.model.series.Labels;
import dev.vigil.model.series.SeriesAppender;
import dev.vigil.tsdb.Tsdb;
import dev.vigil.tsdb.TsdbOptions;
import dev.vigil.tsdb.block.BlockFiles;
import dev.vigil.tsdb.head.HeadOptions;
import dev.vigil.tsdb.wal.FsyncPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Bytes per sample on disk, index and framing included: writes a workload through a Tsdb, flushes
 * it into 2 h blocks, then merges them into 24 h blocks, printing the block bytes each time.
 *
 * <p>Run after a build: {@code java -cp <classpath> dev.vigil.tsdb.chunk.BlockSizeReport [series]
 * [hours] [chunk samples in level-1 blocks] [in merged blocks]} (the classpath needs vigil-model
 * and slf4j too).
 */
public final class BlockSizeReport {
  private BlockSizeReport() {}

  public static void main(String[] args) throws Exception {
    int series = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int hours = args.length > 1 ? Integer.parseInt(args[1]) : 24;
    TsdbOptions base = TsdbOptions.DEFAULT;
    if (args.length > 2) {
      base = base.withBlockChunkSamples(Integer.parseInt(args[2]), Integer.parseInt(args[3]));
    }
    for (Workload w : new Workload[] {Workload.node(1), Workload.mixed(1)}) {
      Path dir = Files.createTempDirectory("vigil-block-size");
      int n = (int) (hours * 3_600_000L / Workload.INTERVAL);
      long[] ts = new long[n];
      double[] vs = new double[n];
      TsdbOptions options = base.withMaintenanceInterval(0).withRetention(0, 0);
      try (Tsdb tsdb = Tsdb.open(dir, HeadOptions.DEFAULT.withFsync(FsyncPolicy.NEVER), options)) {
        SeriesAppender a = tsdb.appender();
        Tenant t = new Tenant("default");
        for (int s = 0; s < series; s++) {
          w.series(s, ts, vs);
          Labels l =
              Labels.of(
                  "__name__",
                  "node_" + w.kind(s).name().toLowerCase(Locale.ROOT),
                  "job",
                  "node",
                  "instance",
                  "host-" + (s / 100) + ".example.com:9100",
                  "device",
                  "dev" + (s % 100));
          for (int i = 0; i < n; i++) {
            a.append(t, l, ts[i], vs[i]);
          }
          a.commit();
        }
        long samples = (long) series * n;
        tsdb.flushHead();
        report(w.name() + ", 2 h blocks", tsdb, samples);
        tsdb.compactBlocks();
        report(w.name() + ", merged blocks", tsdb, samples);
      } finally {
        BlockFiles.deleteTree(dir);
      }
    }
  }

  private static void report(String what, Tsdb tsdb, long samples) {
    long bytes = tsdb.blockStats().blockBytes();
    System.out.printf(
        Locale.ROOT,
        "%-22s %3d blocks %,12d bytes  %.3f bytes/sample%n",
        what,
        tsdb.blockStats().blockCount(),
        bytes,
        (double) bytes / samples);
  }
}
