package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.cli.VigilCommand;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code ./vigil rules check} and {@code ./vigil rules test} through the real command line, with
 * the PromQL engine the server wires in; exit codes as promtool's.
 */
class RulesCliTest {
  static Path resource(String name) throws Exception {
    return Path.of(RulesCliTest.class.getResource("/unittest/" + name).toURI());
  }

  static int vigil(String... args) {
    return new CommandLine(new VigilCommand()).execute(args);
  }

  @Test
  void rulesTestAndCheckExitAsPromtoolDoes() throws Exception {
    assertThat(vigil("rules", "test", resource("alerts_test.yml").toString())).isZero();
    assertThat(vigil("rules", "test", resource("failing_test.yml").toString())).isEqualTo(1);
    assertThat(vigil("rules", "check", resource("alerts.yml").toString())).isZero();
    assertThat(vigil("rules", "check", resource("alerts_test.yml").toString())).isEqualTo(1);
  }
}
