package dev.vigil.logindex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.logindex.query.LogEntry;
import dev.vigil.model.Tenant;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer process is killed with SIGKILL mid-stream, twice, with commits and translog trims
 * happening meanwhile; after reopening, every acknowledged record is there exactly once.
 */
class CrashRecoveryTest {
  @TempDir Path dir;

  @Test
  void nothingAcknowledgedIsLostAndNothingIsDuplicated() throws Exception {
    Set<Long> acked = new HashSet<>();
    acked.addAll(runAndKill(0, 3000));
    acked.addAll(runAndKill(1_000_000, 2000));
    assertThat(acked).hasSizeGreaterThanOrEqualTo(5000);

    try (LogIndex index =
        LogIndex.open(dir, LogIndexOptions.builder().clock(new MutableClock(Logs.T0)).build())) {
      List<LogEntry> all = index.search(Tenant.DEFAULT, "*:*", 0, Long.MAX_VALUE, 10_000_000);
      List<Long> numbers = new ArrayList<>();
      for (LogEntry e : all) {
        numbers.add((Long) e.source().record().attributes().get("n"));
      }
      assertThat(numbers).doesNotHaveDuplicates();
      assertThat(numbers).containsAll(acked);
      // Records beyond the acknowledged ones may exist (written, not yet acknowledged): fine.
    }
  }

  private Set<Long> runAndKill(int base, int acks) throws Exception {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
            javaBin,
            "--add-modules",
            "jdk.incubator.vector",
            "-cp",
            System.getProperty("java.class.path"),
            CrashingWriter.class.getName(),
            dir.toString(),
            Integer.toString(base));
    pb.redirectError(dir.resolve("child-" + base + ".err").toFile());
    Process p = pb.start();
    Set<Long> acked = Collections.synchronizedSet(new HashSet<>());
    Thread reader =
        new Thread(() -> {
          try (BufferedReader r =
              new BufferedReader(
                  new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
              if (line.startsWith("ack ")) {
                acked.add(Long.parseLong(line.substring(4)));
              }
            }
          } catch (IOException e) {
            // the process died mid-line: the partial line was never an acknowledgement
          }
        });
    reader.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (acked.size() < acks && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(p.isAlive()).as("the writer runs until killed").isTrue();
    p.destroyForcibly(); // SIGKILL: no shutdown hooks, no close
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    reader.join();
    return new HashSet<>(acked);
  }
}
