package dev.vigil.server.cli;

import dev.vigil.alert.load.RuleLoader;
import dev.vigil.alert.load.RulesCheck;
import dev.vigil.alert.unittest.RulesUnitTest;
import dev.vigil.promql.engine.Engine;
import dev.vigil.promql.engine.EngineOptions;
import dev.vigil.server.alerting.EngineQueries;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ./vigil rules check FILE…} validates rule files as {@code promtool check rules} does;
 * {@code ./vigil rules test FILE…} runs rule unit tests as {@code promtool test rules} does.
 */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = "Work with rule files.",
    subcommands = {RulesCommand.Check.class, RulesCommand.Test.class})
final class RulesCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description =
          "Check Sloth, OpenSLO and Prometheus rule files; exit 1 on any error, naming file, line and field.")
  static final class Check implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE")
    List<String> files;

    @Override
    public Integer call() {
      return new RulesCheck(RuleLoader.withDefaults()).run(files, System.out, System.err);
    }
  }

  @Command(
      name = "test",
      mixinStandardHelpOptions = true,
      description =
          "Run rule unit tests in promtool test rules format (input_series, alert_rule_test,"
              + " promql_expr_test); exit 1 when a test fails.")
  static final class Test implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE")
    List<String> files;

    @Override
    public Integer call() {
      return new RulesUnitTest(
              RuleLoader.withDefaults(),
              store ->
                  new EngineQueries(
                      new Engine(store, EngineOptions.DEFAULTS.withExperimentalFunctions(true))))
          .run(files, System.out, System.err);
    }
  }
}
