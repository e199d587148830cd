package dev.jkernfs.proc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * Listing keys for the names of a changing set: a name gets the next key when a listing first sees
 * it and keeps it while it stays, so offsets into a listing survive names coming and going.
 */
final class ListingOrder {
  private final Map<String, Long> keyByName = new HashMap<>(); // guarded by this
  private final NavigableMap<Long, String> nameByKey = new TreeMap<>(); // guarded by this
  private long nextKey; // guarded by this

  /**
   * Brings the keys up to date with {@code liveNames} and returns the names whose key is at least
   * {@code fromKey}, in key order, as (key, name) pairs.
   */
  synchronized List<Map.Entry<Long, String>> listFrom(long fromKey, Set<String> liveNames) {
    keyByName
        .entrySet()
        .removeIf(
            numbered -> {
              boolean gone = !liveNames.contains(numbered.getKey());
              if (gone) {
                nameByKey.remove(numbered.getValue());
              }
              return gone;
            });
    for (String name : liveNames) {
      if (!keyByName.containsKey(name)) {
        keyByName.put(name, nextKey);
        nameByKey.put(nextKey, name);
        nextKey++;
      }
    }
    List<Map.Entry<Long, String>> listed = new ArrayList<>();
    // Copies: a TreeMap reuses its entry objects when it changes.
    nameByKey.tailMap(fromKey, true).forEach((key, name) -> listed.add(Map.entry(key, name)));
    return listed;
  }
}
