package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server in a child process, its output (stdout and stderr) read line by line as it comes, for
 * the tests that must signal or kill a real process: {@link #await} waits for a line, {@link
 * #output} holds every line so far for failure messages.
 */
final class ChildProcess {
  private final Process process;
  private final Thread reader;
  private final List<String> output = new CopyOnWriteArrayList<>();

  private ChildProcess(Process process) {
    this.process = process;
    this.reader =
        Thread.ofPlatform()
            .daemon()
            .start(() -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = in.readLine(); l != null; l = in.readLine()) {
                  output.add(l);
                }
              } catch (IOException ignored) {
                // the process ended or was killed: its output ends here
              }
            });
  }

  static ChildProcess start(List<String> command) throws IOException {
    return new ChildProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
  }

  /**
   * {@code vigil serve} on the test classpath with this data directory, free ports for HTTP and
   * both OTLP receivers, and the extra arguments.
   */
  static ChildProcess serve(Path dataDir, String... extra) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "serve",
            "--data-dir",
            dataDir.toString(),
            "--http-port",
            "0",
            "--otlp-grpc-port",
            "0",
            "--otlp-http-port",
            "0"));
    command.addAll(List.of(extra));
    return start(command);
  }

  Process process() {
    return process;
  }

  List<String> output() {
    return output;
  }

  /** Every line so far, for an assertion's description. */
  String transcript() {
    return String.join("\n", output);
  }

  /** Waits for the first line {@code line} finds something in; fails with the output if none. */
  MatchResult await(Pattern line, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    int seen = 0;
    while (true) {
      // Taken before the scan, so that the last lines of an ended process are scanned too.
      boolean ended = !process.isAlive() && !reader.isAlive();
      for (; seen < output.size(); seen++) {
        Matcher m = line.matcher(output.get(seen));
        if (m.find()) {
          return m.toMatchResult();
        }
      }
      if (ended || System.nanoTime() > deadline) {
        assertThat(false).as("no line matching %s in:%n%s", line, transcript()).isTrue();
      }
      Thread.sleep(20);
    }
  }

  /** Waits for the process to end and its output to be read; returns whether it ended. */
  boolean awaitExit(int seconds) throws InterruptedException {
    boolean ended = process.waitFor(seconds, TimeUnit.SECONDS);
    if (ended) {
      reader.join(5000);
    }
    return ended;
  }
}
