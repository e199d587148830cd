package dev.jkernfs.refs;

import java.util.List;

/**
 * The objects of one scope that were still alive when it was checked, written for the person who
 * must find where their references went.
 *
 * @param scope the name of the checked scope
 * @param mode the leak mode the check ran in
 * @param leaks the live objects, oldest first
 */
public record LeakReport(String scope, LeakMode mode, List<LeakedObject> leaks) {

  public LeakReport {
    leaks = List.copyOf(leaks);
  }

  public boolean isClean() {
    return leaks.isEmpty();
  }

  @Override
  public String toString() {
    if (leaks.isEmpty()) {
      return "no leaks in " + scope;
    }
    StringBuilder out = new StringBuilder();
    out.append(leaks.size())
        .append(leaks.size() == 1 ? " object" : " objects")
        .append(" leaked in ")
        .append(scope)
        .append(":\n");
    for (LeakedObject leak : leaks) {
      leak.appendTo(out);
    }
    if (mode != LeakMode.TRACE) {
      out.append("Run with -D")
          .append(LeakMode.PROPERTY)
          .append("=trace to see where each object was created and last referenced.\n");
    }
    return out.toString();
  }
}
