package dev.vigil.server.cli;

import picocli.CommandLine.Command;

/** The root command; its subcommands do the work. */
@Command(
    name = "vigil",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Vigil: metrics, logs, traces and SLOs in one process.",
    subcommands = {
      ServeCommand.class,
      DemoCommand.class,
      PromqlTestCliCommand.class,
      RulesCommand.class
    })
public final class VigilCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.err);
  }
}
