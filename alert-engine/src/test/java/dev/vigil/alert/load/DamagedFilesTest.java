package dev.vigil.alert.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every valid fixture with each of its lines deleted in turn, and with each line's value replaced
 * by a list: whatever a half-edited file holds, loading reports problems and never throws.
 */
class DamagedFilesTest {
  @TempDir Path tmp;

  static Stream<Path> fixtures() throws Exception {
    List<Path> out = new ArrayList<>();
    for (String dir : List.of("/rules/good", "/conformance/sloth", "/conformance/openslo")) {
      Path d = Path.of(DamagedFilesTest.class.getResource(dir).toURI());
      try (Stream<Path> s = Files.list(d)) {
        s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
            .sorted()
            .forEach(out::add);
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void damagedVersionsReportProblemsWithoutThrowing(Path fixture) throws Exception {
    List<String> lines = Files.readAllLines(fixture);
    Path file = tmp.resolve(fixture.getFileName());
    for (int i = 0; i < lines.size(); i++) {
      List<String> deleted = new ArrayList<>(lines);
      deleted.remove(i);
      check(file, deleted);
      List<String> listed = new ArrayList<>(lines);
      listed.set(i, lines.get(i).replaceFirst(":\\s.*$", ": []"));
      check(file, listed);
    }
  }

  private static void check(Path file, List<String> content) throws Exception {
    Files.write(file, content);
    assertThatCode(
            () -> {
              LoadedRules loaded =
                  RuleLoader.withDefaults().loadFiles(List.of(file), LoadedRules.EMPTY);
              assertThat(loaded.files()).hasSize(1);
            })
        .as(String.join("\n", content))
        .doesNotThrowAnyException();
  }
}
