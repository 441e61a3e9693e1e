package dev.vigil.tracestore;

import dev.vigil.model.Tenant;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The child process of {@link CrashTest}: appends one trace per batch forever, printing {@code
 * SEND} before and {@code ACK} after each append, with flushes and compactions happening
 * underneath, until killed.
 */
public final class CrashWriter {
  private CrashWriter() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, false, "UTF-8");
    TraceStore store =
        TraceStore.open(
            Path.of(args[0]),
            TraceStoreOptions.defaults()
                .withFlush(Duration.ofMillis(150), 200_000)
                .withMaintenanceInterval(Duration.ofMillis(50))
                .withCompaction(Duration.ofMillis(300), 256L << 20));
    TraceGenerator g = new TraceGenerator(Long.parseLong(args[1]), 1_700_000_000_000_000_000L);
    Tenant tenant = new Tenant("crash");
    while (true) {
      List<StoredSpan> trace = g.trace();
      String line = trace.get(0).span().traceId() + " " + trace.size();
      out.println("SEND " + line);
      out.flush();
      store.sink().append(TraceGenerator.batch(tenant, trace));
      out.println("ACK " + line);
      out.flush();
    }
  }
}
