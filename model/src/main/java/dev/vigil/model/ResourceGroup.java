package dev.vigil.model;

import java.util.List;

/** Items of one signal emitted by one resource (OTLP {@code Resource*}), grouped by scope. */
public record ResourceGroup<T>(Resource resource, List<ScopeGroup<T>> scopes) {
  public ResourceGroup {
    scopes = List.copyOf(scopes);
  }

  public int itemCount() {
    int n = 0;
    for (ScopeGroup<T> s : scopes) {
      n += s.items().size();
    }
    return n;
  }
}
