package dev.vigil.promql.promqltest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every promqltest file of {@code src/test/resources/promql/testdata} through the engine. An
 * eval may fail only if it is listed in {@link #KNOWN_FAILURES} with the reason; a listed eval that
 * passes fails the test too, so the list only shrinks. Skips (native histograms, experimental
 * features) carry their reason in the report printed to the test output.
 */
class PromqlConformanceTest {

  /** {@code file:line} of evals known to fail, with why. Empty: every in-scope eval passes. */
  private static final Map<String, String> KNOWN_FAILURES = Map.of();

  private static List<Path> files() throws IOException, URISyntaxException {
    Path dir = Path.of(PromqlConformanceTest.class.getResource("/promql/testdata").toURI());
    try (Stream<Path> listing = Files.list(dir)) {
      return listing.filter(p -> p.toString().endsWith(".test")).sorted().toList();
    }
  }

  @TestFactory
  Stream<DynamicTest> everyFilePassesBeyondKnownFailures() throws Exception {
    return everyFilePasses(new ScriptRunner());
  }

  /**
   * The same files with every range query's range function split between workers, however few
   * series its selector selects (the engine's default waits for 16,384 series × steps), so that the
   * parallel path meets every case the files hold (cut into slices of one or a few series).
   */
  @TestFactory
  Stream<DynamicTest> everyFilePassesWithSeriesSplitBetweenWorkers() throws Exception {
    return everyFilePasses(
        new ScriptRunner(
            ScriptRunner.TEST_OPTIONS.withQueryWorkers(3).withParallelMinSeriesSteps(1)));
  }

  private static Stream<DynamicTest> everyFilePasses(ScriptRunner runner) throws Exception {
    return files().stream()
        .map(f ->
            DynamicTest.dynamicTest(
                f.getFileName().toString(),
                () -> {
                  ScriptReport report = runner.run(new ScriptParser().parse(f));
                  List<String> unexpected = new ArrayList<>();
                  for (EvalOutcome o : report.outcomes()) {
                    String key = report.name() + ":" + o.line();
                    boolean known = KNOWN_FAILURES.containsKey(key);
                    if (o.status() == EvalOutcome.Status.FAILED && !known) {
                      unexpected.add(key + " " + o.query() + ": " + o.detail());
                    }
                    if (o.status() != EvalOutcome.Status.FAILED && known) {
                      unexpected.add(key + " now " + o.status() + ": drop it from KNOWN_FAILURES");
                    }
                  }
                  for (EvalOutcome o : report.skips()) {
                    assertThat(o.detail())
                        .as("skip reason of %s:%d", report.name(), o.line())
                        .containsAnyOf("native histogram", "experimental");
                  }
                  assertThat(unexpected).isEmpty();
                }));
  }

  @Test
  void commandPrintsTableAndExitsZero() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int exit =
        PromqlTestCommand.run(
            files(), new PrintStream(bytes, true, StandardCharsets.UTF_8), new ScriptRunner());
    String out = bytes.toString(StandardCharsets.UTF_8);
    System.out.println(out);
    assertThat(out).contains("| functions.test").contains("**total**");
    assertThat(exit).isEqualTo(KNOWN_FAILURES.isEmpty() ? 0 : 1);
  }

  @Test
  void commandExitsOneOnAFailingEval() {
    TestScript script =
        new ScriptParser()
            .parse("bad.test", "load 1m\n  up 1 2 3\n\neval instant at 2m up\n  up 4\n");
    ScriptReport report = new ScriptRunner().run(script);
    assertThat(report.failures()).hasSize(1);
    assertThat(report.failures().get(0).detail()).contains("expected 4.0").contains("got 3.0");
  }
}
