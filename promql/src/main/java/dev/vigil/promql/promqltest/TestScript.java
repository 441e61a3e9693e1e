package dev.vigil.promql.promqltest;

import java.util.List;

/**
 * A parsed promqltest file.
 *
 * @param name where it came from, for messages
 * @param commands the commands in file order
 */
public record TestScript(String name, List<ScriptCommand> commands) {

  public TestScript {
    commands = List.copyOf(commands);
  }

  /** The eval commands, in order. */
  public List<EvalCommand> evals() {
    return commands.stream()
        .filter(EvalCommand.class::isInstance)
        .map(EvalCommand.class::cast)
        .toList();
  }

  /** The number of commands of the given type. */
  public long count(Class<? extends ScriptCommand> type) {
    return commands.stream().filter(type::isInstance).count();
  }
}
