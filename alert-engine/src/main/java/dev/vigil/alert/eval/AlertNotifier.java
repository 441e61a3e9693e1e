package dev.vigil.alert.eval;

import java.util.List;

/**
 * Receives alerts whose state changed (started firing, resolved) and, on each evaluation, the
 * alerts still firing, so a receiver can repeat them. Implementations deliver asynchronously and
 * never block the evaluation; they retry on their own.
 */
public interface AlertNotifier {
  void notify(List<Alert> changed, List<Alert> stillFiring);

  AlertNotifier NONE = (changed, firing) -> {};
}
