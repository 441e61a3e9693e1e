package dev.vigil.alert.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden rule files: every {@code good/*.yaml} loads without a problem; every {@code bad/*.yaml}
 * gives exactly the problems listed, one per line, in its {@code .errors} file. A bug fix adds a
 * fixture.
 */
class RuleFixturesTest {

  static Path dir(String name) throws Exception {
    return Path.of(RuleFixturesTest.class.getResource("/rules/" + name).toURI());
  }

  static Stream<String> good() throws Exception {
    return yamlFiles(dir("good"));
  }

  static Stream<String> bad() throws Exception {
    return yamlFiles(dir("bad"));
  }

  private static Stream<String> yamlFiles(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yaml"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("good")
  void goodFilesLoad(String name) throws Exception {
    LoadedRules loaded =
        RuleLoader.withDefaults().loadFiles(List.of(dir("good").resolve(name)), LoadedRules.EMPTY);

    assertThat(loaded.problems()).isEmpty();
    assertThat(loaded.groups()).isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bad")
  void badFilesReportEveryProblem(String name) throws Exception {
    Path file = dir("bad").resolve(name);
    LoadedRules loaded = RuleLoader.withDefaults().loadFiles(List.of(file), LoadedRules.EMPTY);

    List<String> actual =
        loaded.problems().stream()
            .map(p -> new Problem(name, p.line(), p.field(), p.message()).toString())
            .toList();
    Path errors = file.resolveSibling(name.replace(".yaml", ".errors"));
    List<String> expected = Files.exists(errors) ? Files.readAllLines(errors) : List.of();
    assertThat(actual).as("problems of " + name).containsExactlyElementsOf(expected);
    assertThat(loaded.files())
        .singleElement()
        .satisfies(f -> assertThat(f.status()).isEqualTo(RuleFile.Status.ERROR));
  }
}
