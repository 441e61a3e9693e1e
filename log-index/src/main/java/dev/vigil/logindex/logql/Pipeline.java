package dev.vigil.logindex.logql;

import dev.vigil.model.series.Labels;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs a log query's stages on one line. Without parsers or line_format the labels stay the
 * stream's and no map is built, which keeps the common filter-only query cheap. Not thread-safe
 * only in that callers should not share results; the pipeline itself holds no state.
 */
public final class Pipeline {
  /** A line that passed, with the labels it ends with. */
  public record Result(String line, Labels labels) {}

  private final List<Stage> stages;
  private final boolean filtersOnly;

  public Pipeline(List<Stage> stages) {
    this.stages = List.copyOf(stages);
    this.filtersOnly = stages.stream().allMatch(s -> s instanceof Stage.LineFilter);
  }

  public boolean filtersOnly() {
    return filtersOnly;
  }

  public int stageCount() {
    return stages.size();
  }

  /** The line and its labels after every stage, or null when a stage dropped it. */
  public Result apply(String line, Labels stream) {
    if (filtersOnly) {
      for (Stage s : stages) {
        if (!((Stage.LineFilter) s).test(line)) {
          return null;
        }
      }
      return new Result(line, stream);
    }
    TreeMap<String, String> labels = stream.toMap();
    Set<String> streamNames = labels.keySet();
    Set<String> original = Set.copyOf(streamNames);
    for (Stage s : stages) {
      switch (s) {
        case Stage.LineFilter f -> {
          if (!f.test(line)) {
            return null;
          }
        }
        case Stage.Json j ->
            parsed(labels, JsonFields.extract(line, labels, original), "JSONParserErr");
        case Stage.Logfmt l ->
            parsed(labels, LogfmtFields.extract(line, labels, original), "LogfmtParserErr");
        case Stage.LineFormat f -> line = f.template().render(line, labels);
        case Stage.LabelFilter f -> {
          if (!f.predicate().test(labels)) {
            return null;
          }
        }
        case Stage.Drop d -> {
          for (Stage.LabelItem item : d.labels()) {
            String v = labels.get(item.name());
            if (v != null && item.matches(v)) {
              labels.remove(item.name());
            }
          }
        }
        case Stage.Keep k ->
            labels
                .entrySet()
                .removeIf(e ->
                    k.labels().stream()
                        .noneMatch(
                            item -> item.name().equals(e.getKey()) && item.matches(e.getValue())));
      }
    }
    return new Result(line, Labels.of(labels));
  }

  private static void parsed(TreeMap<String, String> labels, String error, String kind) {
    if (error != null && !labels.containsKey(LabelNames.ERROR)) {
      labels.put(LabelNames.ERROR, kind);
      labels.put(LabelNames.ERROR_DETAILS, error);
    }
  }
}
