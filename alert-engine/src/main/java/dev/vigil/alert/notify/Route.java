package dev.vigil.alert.notify;

import dev.vigil.alert.eval.GroupTiming;
import dev.vigil.model.series.Labels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One node of an Alertmanager-style route tree. An alert enters at the root (which matches
 * everything); at each node it goes down the first child whose matchers all hold, and on to later
 * siblings only while the matched child says {@code continue}; where no child matches, the node
 * itself takes it. Unset fields (null) are inherited from the parent.
 *
 * @param matchers all must hold for an alert to enter this node (ignored at the root)
 * @param receiver the receiver's name, or null to inherit
 * @param groupBy labels to group by, or null to inherit
 * @param groupWait, groupInterval, repeatInterval null to inherit
 * @param continueMatching Alertmanager's {@code continue}
 */
public record Route(
    List<SilenceMatcher> matchers,
    String receiver,
    List<String> groupBy,
    Duration groupWait,
    Duration groupInterval,
    Duration repeatInterval,
    boolean continueMatching,
    List<Route> routes) {

  public Route {
    matchers = List.copyOf(matchers);
    groupBy = groupBy == null ? null : List.copyOf(groupBy);
    routes = List.copyOf(routes);
  }

  /** A route that matched an alert, with every setting resolved. */
  public record Match(String path, String receiver, GroupTiming timing) {}

  /**
   * The routes that take an alert with {@code labels}, in tree order.
   *
   * @param defaults the settings the root inherits where it sets none
   */
  public List<Match> match(Labels labels, String defaultReceiver, GroupTiming defaults) {
    List<Match> out = new ArrayList<>();
    descend(labels, resolve(defaultReceiver, defaults), "0", out);
    return out;
  }

  private void descend(Labels labels, Match self, String path, List<Match> out) {
    boolean matched = false;
    for (int i = 0; i < routes.size(); i++) {
      Route child = routes.get(i);
      if (!child.holds(labels)) {
        continue;
      }
      Match resolved = child.resolve(self.receiver(), self.timing());
      child.descend(
          labels,
          new Match(path + "." + i, resolved.receiver(), resolved.timing()),
          path + "." + i,
          out);
      matched = true;
      if (!child.continueMatching()) {
        break;
      }
    }
    if (!matched) {
      out.add(self);
    }
  }

  private boolean holds(Labels labels) {
    for (SilenceMatcher m : matchers) {
      if (!m.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  private Match resolve(String parentReceiver, GroupTiming parent) {
    return new Match(
        "0",
        receiver != null ? receiver : parentReceiver,
        new GroupTiming(
            groupBy != null ? groupBy : parent.groupBy(),
            groupWait != null ? groupWait : parent.groupWait(),
            groupInterval != null ? groupInterval : parent.groupInterval(),
            repeatInterval != null ? repeatInterval : parent.repeatInterval()));
  }

  /** Every receiver name the tree uses, to check them against the configured receivers. */
  public List<String> receivers() {
    List<String> out = new ArrayList<>();
    if (receiver != null) {
      out.add(receiver);
    }
    routes.forEach(r -> out.addAll(r.receivers()));
    return out;
  }
}
