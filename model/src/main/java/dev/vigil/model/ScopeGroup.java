package dev.vigil.model;

import java.util.List;

/** Items of one signal emitted under one instrumentation scope (OTLP {@code Scope*}). */
public record ScopeGroup<T>(Scope scope, List<T> items) {
  public ScopeGroup {
    items = List.copyOf(items);
  }
}
