package dev.vigil.server;

import dev.vigil.server.cli.VigilCommand;
import picocli.CommandLine;

/** Entry point of {@code ./vigil}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new VigilCommand());
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof ConfigException) {
        cmd.getErr().println("vigil: " + e.getMessage());
        return 2;
      }
      cmd.getErr().println("vigil: " + e);
      e.printStackTrace(cmd.getErr());
      return 1;
    });
    System.exit(cli.execute(args));
  }
}
