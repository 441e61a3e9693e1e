package dev.vigil.promql.promqltest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The body of {@code vigil promqltest PATH...}: runs promqltest files (a directory means every
 * {@code *.test} file in it), prints a table of passed, failed and skipped evals per file followed
 * by the failures and skip reasons, and returns the exit code: 0 when nothing failed, 1 when an
 * eval failed, 2 when a file could not be read or parsed.
 */
public final class PromqlTestCommand {
  private PromqlTestCommand() {}

  public static int run(List<Path> paths, PrintStream out) {
    return run(paths, out, new ScriptRunner());
  }

  public static int run(List<Path> paths, PrintStream out, ScriptRunner runner) {
    List<Path> files = new ArrayList<>();
    int exit = 0;
    for (Path p : paths) {
      try {
        files.addAll(expand(p));
      } catch (IOException e) {
        out.println("error: cannot read " + p + ": " + e.getMessage());
        exit = 2;
      }
    }
    List<ScriptReport> reports = new ArrayList<>();
    for (Path f : files) {
      try {
        reports.add(runner.run(new ScriptParser().parse(f)));
      } catch (IOException | ScriptParseException e) {
        out.println("error: " + f + ": " + e.getMessage());
        exit = 2;
      }
    }
    out.print(table(reports));
    for (ScriptReport r : reports) {
      for (EvalOutcome o : r.failures()) {
        out.println("FAIL " + r.name() + ":" + o.line() + ": " + o.query());
        out.println("     " + o.detail());
      }
    }
    for (ScriptReport r : reports) {
      for (EvalOutcome o : r.skips()) {
        out.println("SKIP " + r.name() + ":" + o.line() + ": " + o.detail());
      }
    }
    boolean failed = reports.stream().anyMatch(r -> !r.failures().isEmpty());
    return exit != 0 ? exit : failed ? 1 : 0;
  }

  /** A Markdown table: file, passed, failed, skipped, and a total row. */
  public static String table(List<ScriptReport> reports) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format("| %-26s | %6s | %6s | %7s |%n", "file", "passed", "failed", "skipped"));
    sb.append(
        String.format(
            "|%s|%s|%s|%s|%n",
            "-".repeat(28), "-".repeat(7) + ":", "-".repeat(7) + ":", "-".repeat(8) + ":"));
    long p = 0;
    long f = 0;
    long s = 0;
    for (ScriptReport r : reports) {
      long rp = r.count(EvalOutcome.Status.PASSED);
      long rf = r.count(EvalOutcome.Status.FAILED);
      long rs = r.count(EvalOutcome.Status.SKIPPED);
      p += rp;
      f += rf;
      s += rs;
      sb.append(String.format("| %-26s | %6d | %6d | %7d |%n", r.name(), rp, rf, rs));
    }
    sb.append(String.format("| %-26s | %6d | %6d | %7d |%n", "**total**", p, f, s));
    return sb.toString();
  }

  private static List<Path> expand(Path p) throws IOException {
    if (!Files.isDirectory(p)) {
      return List.of(p);
    }
    try (Stream<Path> listing = Files.list(p)) {
      return listing.filter(f -> f.toString().endsWith(".test")).sorted().toList();
    }
  }

  public static void main(String[] args) {
    List<Path> paths = Stream.of(args).map(Path::of).toList();
    System.exit(run(paths, System.out));
  }
}
