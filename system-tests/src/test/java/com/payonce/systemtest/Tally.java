package com.payonce.systemtest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Named counters, safe to bump from any thread; read sorted by name. */
final class Tally {
  private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();

  void add(String name) {
    add(name, 1);
  }

  void add(String name, long n) {
    counts.computeIfAbsent(name, k -> new LongAdder()).add(n);
  }

  long get(String name) {
    LongAdder adder = counts.get(name);
    return adder == null ? 0 : adder.sum();
  }

  /** Every counter whose name starts with {@code prefix}, sorted, prefix removed. */
  Map<String, Long> withPrefix(String prefix) {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach(
        (name, adder) -> {
          if (name.startsWith(prefix)) {
            out.put(name.substring(prefix.length()), adder.sum());
          }
        });
    return out;
  }
}
