package dev.jkernfs.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Shrinks a failing list of steps to one that still fails the same way, by delta debugging: it
 * removes ever smaller chunks while the failure persists, ending with single steps, so that no one
 * step of the result can be removed on its own.
 */
final class Minimizer {
  private Minimizer() {}

  /**
   * Returns the smallest sublist found within {@code budgetMillis} for which {@code stillFails}
   * holds; {@code items} itself must fail.
   */
  static <T> List<T> minimise(List<T> items, Predicate<List<T>> stillFails, long budgetMillis) {
    long deadline = System.nanoTime() + budgetMillis * 1_000_000;
    List<T> current = new ArrayList<>(items);
    int chunks = 2;
    while (current.size() > 1 && System.nanoTime() < deadline) {
      int chunkSize = (current.size() + chunks - 1) / chunks;
      boolean shrunk = false;
      for (int start = 0; start < current.size(); start += chunkSize) {
        List<T> candidate = new ArrayList<>(current.subList(0, start));
        candidate.addAll(
            current.subList(Math.min(start + chunkSize, current.size()), current.size()));
        if (stillFails.test(candidate)) {
          current = candidate;
          chunks = Math.max(chunks - 1, 2);
          shrunk = true;
          break;
        }
      }
      if (!shrunk) {
        if (chunkSize == 1) {
          break; // no single step can go
        }
        chunks = Math.min(current.size(), chunks * 2);
      }
    }
    if (current.size() == 1 && stillFails.test(List.of())) {
      return List.of();
    }
    return current;
  }
}
