package dev.vigil.alert.unittest;

import dev.vigil.promql.promqltest.SeriesLine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A {@code promtool test rules} file as read: rule files, evaluation interval, the order rule
 * groups are evaluated in at one time (empty: as loaded), test groups.
 */
record TestFile(
    List<Path> ruleFiles,
    Duration evaluationInterval,
    List<String> groupEvalOrder,
    List<TestGroup> tests) {

  /**
   * @param externalLabels what templates read as {@code $externalLabels}
   * @param externalUrl what templates read as {@code $externalURL}; empty when not set
   */
  record TestGroup(
      String name,
      Duration interval,
      List<SeriesLine> inputSeries,
      List<AlertTest> alertTests,
      List<ExprTest> exprTests,
      Map<String, String> externalLabels,
      String externalUrl) {}

  record AlertTest(Duration evalTime, String alertname, List<ExpectedAlert> expAlerts) {}

  record ExpectedAlert(Map<String, String> labels, Map<String, String> annotations) {}

  record ExprTest(String expr, Duration evalTime, List<ExpectedSample> expSamples) {}

  record ExpectedSample(Map<String, String> labels, double value) {}
}
