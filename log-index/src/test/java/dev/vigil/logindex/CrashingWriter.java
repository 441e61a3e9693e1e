package dev.vigil.logindex;

import dev.vigil.model.Attributes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in a child JVM by {@link CrashRecoveryTest}: appends numbered records from two threads and
 * prints "ack N" once the append holding record N returned. The parent kills it with SIGKILL.
 */
public final class CrashingWriter {
  private CrashingWriter() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    LogIndex index =
        LogIndex.open(
            dir,
            LogIndexOptions.builder()
                .commitInterval(Duration.ofMillis(150))
                .translogSegmentBytes(32 << 10)
                .ingestRate(1e12, 1e12)
                .clock(new MutableClock(Logs.T0))
                .build());
    int base = Integer.parseInt(args[1]);
    Thread[] threads = new Thread[2];
    for (int t = 0; t < threads.length; t++) {
      int thread = t;
      threads[t] =
          new Thread(() -> {
            for (int b = 0; ; b++) {
              List<dev.vigil.model.log.LogRecord> records = new ArrayList<>();
              int first = base + (b * 2 + thread) * 10;
              for (int i = 0; i < 10; i++) {
                records.add(
                    Logs.record(
                        Logs.T0 + (first + i) * 1_000_000L,
                        9,
                        "INFO",
                        "record " + (first + i),
                        Attributes.of("n", (long) (first + i)),
                        null,
                        0));
              }
              try {
                index.sink().append(Logs.batch("crash", records));
              } catch (Exception e) {
                throw new RuntimeException(e);
              }
              synchronized (System.out) {
                for (int i = 0; i < 10; i++) {
                  System.out.println("ack " + (first + i));
                }
                System.out.flush();
              }
            }
          });
      threads[t].start();
    }
    threads[0].join();
  }
}
