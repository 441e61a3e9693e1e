package dev.vigil.server.cli;

import dev.vigil.promql.promqltest.PromqlTestCommand;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./vigil promqltest PATH…}: runs Prometheus' promqltest files against Vigil's engine. */
@Command(
    name = "promqltest",
    mixinStandardHelpOptions = true,
    description =
        "Run promqltest script files (or folders of *.test) against Vigil's PromQL engine; exit 1 when a case fails.")
final class PromqlTestCliCommand implements Callable<Integer> {
  @Parameters(
      arity = "1..*",
      paramLabel = "PATH",
      description = "Files or folders of *.test files.")
  List<Path> paths;

  @Override
  public Integer call() {
    return PromqlTestCommand.run(paths, System.out);
  }
}
