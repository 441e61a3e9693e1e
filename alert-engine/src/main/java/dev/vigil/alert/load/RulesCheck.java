package dev.vigil.alert.load;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code vigil rules check FILE...}: checks rule files the way {@code promtool check rules} does,
 * with the same output shape, so CI scripts written for promtool read it unchanged. Files are
 * checked together, so an SLO file and the AlertWindows file it needs can be given side by side.
 * Plain Java; the server wires it to its command line.
 */
public final class RulesCheck {
  /** Every file was accepted. */
  public static final int OK = 0;

  /** At least one file has a problem. */
  public static final int FAILED = 1;

  /** No files were named. */
  public static final int USAGE = 2;

  private final RuleLoader loader;

  public RulesCheck(RuleLoader loader) {
    this.loader = loader;
  }

  /**
   * Runs the check; successes go to {@code out}, problems to {@code err}. Returns the exit code.
   */
  public int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.isEmpty()) {
      err.println("usage: vigil rules check FILE...");
      return USAGE;
    }
    List<Path> files = new ArrayList<>();
    boolean failed = false;
    for (String a : args) {
      Path p = Path.of(a);
      if (Files.isRegularFile(p)) {
        files.add(p);
      } else {
        out.println("Checking " + a);
        err.println("  FAILED:");
        err.println(a + ": no such file");
        out.println();
        failed = true;
      }
    }
    LoadedRules loaded = loader.loadFiles(files, LoadedRules.EMPTY);
    for (RuleFile f : loaded.files()) {
      out.println("Checking " + f.name());
      if (f.status() == RuleFile.Status.OK) {
        out.println("  SUCCESS: " + f.ruleCount() + " rules found");
        if (!f.slos().isEmpty()) {
          out.println("  (" + f.slos().size() + " SLOs, rules generated)");
        }
      } else {
        failed = true;
        err.println("  FAILED:");
        for (Problem p : f.problems()) {
          err.println(p);
        }
      }
      out.println();
    }
    return failed ? FAILED : OK;
  }

  /**
   * For running without the server: {@code java -cp ... dev.vigil.alert.load.RulesCheck FILE...}.
   */
  public static void main(String[] args) {
    System.exit(
        new RulesCheck(RuleLoader.withDefaults()).run(List.of(args), System.out, System.err));
  }
}
