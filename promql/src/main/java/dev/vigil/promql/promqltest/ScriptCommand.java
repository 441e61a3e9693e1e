package dev.vigil.promql.promqltest;

/** One command of a promqltest script. */
public sealed interface ScriptCommand permits LoadCommand, ClearCommand, EvalCommand {

  /** The 1-based line the command starts on. */
  int line();
}
