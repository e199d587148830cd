package dev.jkernfs.nio;

import java.io.IOException;
import java.nio.file.ProviderMismatchException;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The users and groups of one filesystem, by name and by number, as the JDK's Linux provider finds
 * them in the passwd and group files: the configured names ({@code users}, {@code groups}) and
 * {@code root} (0) resolve, any number resolves to itself, and an id without a name is named by its
 * number. Principals are equal when their ids are, whatever they are called, as the JDK's are.
 */
final class Principals extends UserPrincipalLookupService {
  private final Map<String, Integer> userIds = new HashMap<>();
  private final Map<Integer, String> userNames = new HashMap<>();
  private final Map<String, Integer> groupIds = new HashMap<>();
  private final Map<Integer, String> groupNames = new HashMap<>();

  /** Preconditions: each map names an id once, and 0 only as {@code root} (JkernfsConfig). */
  Principals(Map<String, Integer> users, Map<String, Integer> groups) {
    index(Map.of("root", 0), userIds, userNames);
    index(users, userIds, userNames);
    index(Map.of("root", 0), groupIds, groupNames);
    index(groups, groupIds, groupNames);
  }

  private static void index(
      Map<String, Integer> names, Map<String, Integer> ids, Map<Integer, String> byId) {
    names.forEach(
        (name, id) -> {
          ids.put(name, id);
          byId.put(id, name);
        });
  }

  UserPrincipal user(int uid) {
    return new User(uid, userNames.getOrDefault(uid, Integer.toString(uid)));
  }

  GroupPrincipal group(int gid) {
    return new Group(gid, groupNames.getOrDefault(gid, Integer.toString(gid)));
  }

  /** The uid of a principal of any jkernfs filesystem. */
  static int uid(UserPrincipal principal) {
    if (principal instanceof User user) {
      return user.id;
    }
    throw new ProviderMismatchException(
        "not a jkernfs user: " + principal + " (" + principal.getClass().getName() + ")");
  }

  /**
   * The uid of a file's new owner through a POSIX view: as the JDK on Linux, whose groups are users
   * too, a group is refused with its words rather than as another provider's principal.
   */
  static int ownerUid(UserPrincipal principal) throws IOException {
    if (principal instanceof Group) {
      throw new IOException("'owner' parameter can't be a group");
    }
    return uid(principal);
  }

  static int gid(GroupPrincipal principal) {
    if (principal instanceof Group group) {
      return group.id;
    }
    throw new ProviderMismatchException(
        "not a jkernfs group: " + principal + " (" + principal.getClass().getName() + ")");
  }

  /** A user by name, or by number; named as asked, as the JDK names the principals it looks up. */
  @Override
  public UserPrincipal lookupPrincipalByName(String name) throws UserPrincipalNotFoundException {
    return new User(id(name, userIds), name);
  }

  @Override
  public GroupPrincipal lookupPrincipalByGroupName(String group)
      throws UserPrincipalNotFoundException {
    return new Group(id(group, groupIds), group);
  }

  private static int id(String name, Map<String, Integer> ids)
      throws UserPrincipalNotFoundException {
    Integer known = ids.get(Objects.requireNonNull(name, "name"));
    if (known != null) {
      return known;
    }
    try {
      int id = Integer.parseInt(name);
      if (id >= 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // fall through: not a number
    }
    throw new UserPrincipalNotFoundException(name);
  }

  /** A user or a group: its id, and the name it was found or reported by; equal by kind and id. */
  private abstract static class Principal {
    final int id;
    private final String name;

    Principal(int id, String name) {
      this.id = id;
      this.name = name;
    }

    public final String getName() {
      return name;
    }

    @Override
    public final boolean equals(Object other) {
      return other != null && other.getClass() == getClass() && ((Principal) other).id == id;
    }

    @Override
    public final int hashCode() {
      return id;
    }

    @Override
    public final String toString() {
      return name;
    }
  }

  /** A user by uid. */
  private static final class User extends Principal implements UserPrincipal {
    User(int id, String name) {
      super(id, name);
    }
  }

  /** A group by gid. */
  private static final class Group extends Principal implements GroupPrincipal {
    Group(int id, String name) {
      super(id, name);
    }
  }
}
