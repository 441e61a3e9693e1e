package dev.vigil.alert.load;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Collects every problem of one file, so an author fixes them in one round instead of one per
 * reload. Not thread-safe: one per file being read.
 */
final class Problems {
  private final String file;
  private final List<Problem> list = new ArrayList<>();

  Problems(String file) {
    this.file = file;
  }

  String file() {
    return file;
  }

  void add(Node node, String field, String message) {
    add(line(node), field, message);
  }

  void add(int line, String field, String message) {
    list.add(new Problem(file, line, field, message));
  }

  boolean isEmpty() {
    return list.isEmpty();
  }

  int size() {
    return list.size();
  }

  /** In file order: checks that span documents find problems out of order. */
  List<Problem> list() {
    return list.stream().sorted(Comparator.comparingInt(Problem::line)).toList();
  }

  /** SnakeYAML counts lines from 0; editors and Prometheus count from 1. */
  static int line(Node node) {
    return node == null ? 0 : node.getStartMark().getLine() + 1;
  }
}
