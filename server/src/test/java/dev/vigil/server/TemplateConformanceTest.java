package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Alert templates expand as Prometheus expands them: one rule unit test file whose annotations and
 * labels use if/else, range over {@code $labels}, with, printf with several verbs, the humanize
 * functions, toUpper, title, reReplaceAll, eq/ne/lt, index, len, define/template, trim markers and
 * comments must pass both the real {@code promtool test rules} (Debian's Prometheus 2.42) and
 * {@code vigil rules test}. Run with {@code ./mvnw -Ppeers -pl server verify}.
 */
@Tag("peers")
class TemplateConformanceTest {

  static Path promtool() {
    Path repo = Path.of(System.getProperty("user.dir")).getParent();
    return Stream.of(
            Path.of("/usr/bin/promtool"), repo.resolve("bench/peers/root/usr/bin/promtool"))
        .filter(Files::isExecutable)
        .findFirst()
        .orElse(null);
  }

  @Test
  void promtoolAndVigilPassTheSameTemplateTests() throws Exception {
    Path promtool = promtool();
    assumeTrue(
        promtool != null,
        "promtool not found at /usr/bin/promtool or bench/peers/root/usr/bin/promtool:"
            + " install Debian's prometheus package or run bench/peers.sh");
    Path test = Path.of(getClass().getResource("/templates/templates_test.yml").toURI());

    Process p =
        new ProcessBuilder(promtool.toString(), "test", "rules", test.getFileName().toString())
            .directory(test.getParent().toFile())
            .redirectErrorStream(true)
            .start();
    String promOut = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("promtool test rules:\n" + promOut).isZero();

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream previous = System.out;
    int vigil;
    try (PrintStream capture = new PrintStream(out, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      vigil = RulesCliTest.vigil("rules", "test", test.toString());
    } finally {
      System.setOut(previous);
    }
    assertThat(vigil).as("vigil rules test:\n" + out.toString(StandardCharsets.UTF_8)).isZero();
  }
}
