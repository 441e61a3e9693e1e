package dev.vigil.alert.load;

import static dev.vigil.alert.RuleGroupAssert.assertSameRules;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.alert.PromRuleFiles;
import dev.vigil.alert.rules.RuleGroup;
import dev.vigil.alert.slo.GeneratorOptions;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every SLO example of Sloth's must give the rules Sloth itself generated for it (under {@code
 * sloth/generated/}), compared group by group and rule by rule, expressions by parsed tree.
 */
class SlothConformanceTest {
  /** How Sloth's examplesgen.sh ran it: one extra label, version "dev", the CLI's mode. */
  static final GeneratorOptions SLOTH_EXAMPLES =
      GeneratorOptions.slothCli(Map.of("cmd", "examplesgen.sh"), "dev");

  static Path sloth() throws URISyntaxException {
    return Path.of(SlothConformanceTest.class.getResource("/conformance/sloth").toURI());
  }

  static Stream<String> examples() throws Exception {
    try (Stream<Path> files = Files.list(sloth().resolve("generated"))) {
      return files.map(p -> p.getFileName().toString()).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void generatesWhatSlothGenerates(String example) throws Exception {
    RuleLoader loader = new RuleLoader(RuleLoader.DEFAULT_PERIOD, SLOTH_EXAMPLES);
    LoadedRules loaded = loader.loadFiles(List.of(sloth().resolve(example)), LoadedRules.EMPTY);

    assertThat(loaded.problems()).isEmpty();
    List<RuleGroup> expected = PromRuleFiles.read(sloth().resolve("generated").resolve(example));
    assertThat(expected).isNotEmpty();
    assertSameRules(loaded.groups(), expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void everyGeneratedRuleFileIsItselfAValidRuleFile(String example)
      throws IOException, URISyntaxException {
    Path generated = sloth().resolve("generated").resolve(example);
    LoadedRules loaded = RuleLoader.withDefaults().loadFiles(List.of(generated), LoadedRules.EMPTY);

    assertThat(loaded.problems()).isEmpty();
    assertThat(loaded.groups()).hasSameSizeAs(PromRuleFiles.read(generated));
  }
}
