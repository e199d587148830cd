package dev.jkernfs.vfs;

import java.util.Arrays;
import java.util.stream.IntStream;

/** The user and groups on whose behalf a filesystem operation runs. */
public final class Credentials {
  private static final Credentials ROOT = new Credentials(0, 0, new int[0]);

  private final int uid;
  private final int gid;
  // Sorted and without duplicates, as Linux keeps a group_info, so equal sets compare equal.
  private final int[] groups;

  private Credentials(int uid, int gid, int[] groups) {
    this.uid = uid;
    this.gid = gid;
    this.groups = groups;
  }

  /** Returns the superuser: uid 0, gid 0, no supplementary groups. */
  public static Credentials root() {
    return ROOT;
  }

  /**
   * Returns the credentials of user {@code uid} with primary group {@code gid} and the given
   * supplementary groups.
   *
   * @throws IllegalArgumentException if any id is negative; -1 means "unchanged" to chown, never a
   *     real id
   */
  public static Credentials of(int uid, int gid, int... groups) {
    checkId("uid", uid);
    checkId("gid", gid);
    for (int group : groups) {
      checkId("group", group);
    }
    return new Credentials(uid, gid, IntStream.of(groups).sorted().distinct().toArray());
  }

  private static void checkId(String what, int id) {
    if (id < 0) {
      throw new IllegalArgumentException(what + " must not be negative: " + id);
    }
  }

  public int uid() {
    return uid;
  }

  public int gid() {
    return gid;
  }

  /** Returns the supplementary groups in ascending order. */
  public int[] groups() {
    return groups.clone();
  }

  /** Returns whether {@code gid} is the primary group or one of the supplementary groups. */
  public boolean inGroup(int gid) {
    return this.gid == gid || Arrays.binarySearch(groups, gid) >= 0;
  }

  /** Returns whether these are the superuser's, who bypasses most permission checks. */
  public boolean isRoot() {
    return uid == 0;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Credentials that)) {
      return false;
    }
    return uid == that.uid && gid == that.gid && Arrays.equals(groups, that.groups);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * uid + gid) + Arrays.hashCode(groups);
  }

  /** Returns the credentials as {@code uid=1000 gid=1000 groups=[4, 27]}. */
  @Override
  public String toString() {
    return "uid=" + uid + " gid=" + gid + " groups=" + Arrays.toString(groups);
  }
}
