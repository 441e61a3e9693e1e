package dev.vigil.alert.notify;

import dev.vigil.alert.eval.Alert;
import dev.vigil.alert.eval.AlertNotifier;
import dev.vigil.alert.eval.GroupTiming;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Sends each alert down the route tree to the receivers it matches. Each matched route gets its own
 * receiver instance (made once by {@code receivers} for the route's receiver and timing), so two
 * routes to one webhook group and repeat independently, as in Alertmanager. Thread-safe.
 */
public final class RoutingNotifier implements AlertNotifier, AutoCloseable {
  private final Route root;
  private final String defaultReceiver;
  private final GroupTiming defaults;
  private final BiFunction<String, GroupTiming, AlertNotifier> receivers;
  private final Map<String, AlertNotifier> byRoute = new LinkedHashMap<>();

  /**
   * @param receivers makes the notifier of a receiver name with a route's timing
   */
  public RoutingNotifier(
      Route root,
      String defaultReceiver,
      GroupTiming defaults,
      BiFunction<String, GroupTiming, AlertNotifier> receivers) {
    this.root = root;
    this.defaultReceiver = defaultReceiver;
    this.defaults = defaults;
    this.receivers = receivers;
  }

  @Override
  public void notify(List<Alert> changed, List<Alert> stillFiring) {
    Map<String, List<Alert>> changedByRoute = new LinkedHashMap<>();
    Map<String, List<Alert>> firingByRoute = new LinkedHashMap<>();
    Map<String, AlertNotifier> targets = new LinkedHashMap<>();
    route(changed, changedByRoute, targets);
    route(stillFiring, firingByRoute, targets);
    // Every route this rule group ever reached hears of it, so a route whose alerts all resolved
    // learns that its group is empty now.
    synchronized (this) {
      byRoute.forEach(targets::putIfAbsent);
    }
    targets.forEach((path, n) ->
        n.notify(
            changedByRoute.getOrDefault(path, List.of()),
            firingByRoute.getOrDefault(path, List.of())));
  }

  private void route(
      List<Alert> alerts, Map<String, List<Alert>> into, Map<String, AlertNotifier> targets) {
    for (Alert a : alerts) {
      for (Route.Match m : root.match(a.labels(), defaultReceiver, defaults)) {
        if (m.receiver() == null) {
          continue; // a route without a receiver drops its alerts, as a "blackhole" receiver does
        }
        String key = m.path() + "\u0000" + m.receiver();
        into.computeIfAbsent(key, k -> new ArrayList<>()).add(a);
        synchronized (this) {
          targets.put(
              key, byRoute.computeIfAbsent(key, k -> receivers.apply(m.receiver(), m.timing())));
        }
      }
    }
  }

  @Override
  public synchronized void close() throws Exception {
    for (AlertNotifier n : byRoute.values()) {
      if (n instanceof AutoCloseable c) {
        c.close();
      }
    }
  }
}
