package dev.jkernfs.nio;

import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;

/**
 * Users and groups by number. There is no user database: uid and gid 0 are called {@code root},
 * every other id is named by its number, as the JDK names an id that has no passwd entry.
 */
final class Principals {
  private Principals() {}

  static UserPrincipal user(int uid) {
    return new User(uid);
  }

  static GroupPrincipal group(int gid) {
    return new Group(gid);
  }

  /** The uid of a principal of this filesystem. */
  static int uid(UserPrincipal principal) {
    if (principal instanceof User user) {
      return user.id;
    }
    throw new java.nio.file.ProviderMismatchException(
        "not a jkernfs user: " + principal + " (" + principal.getClass().getName() + ")");
  }

  static int gid(GroupPrincipal principal) {
    if (principal instanceof Group group) {
      return group.id;
    }
    throw new java.nio.file.ProviderMismatchException(
        "not a jkernfs group: " + principal + " (" + principal.getClass().getName() + ")");
  }

  static final UserPrincipalLookupService LOOKUP =
      new UserPrincipalLookupService() {
        @Override
        public UserPrincipal lookupPrincipalByName(String name)
            throws UserPrincipalNotFoundException {
          return new User(id(name));
        }

        @Override
        public GroupPrincipal lookupPrincipalByGroupName(String group)
            throws UserPrincipalNotFoundException {
          return new Group(id(group));
        }
      };

  private static int id(String name) throws UserPrincipalNotFoundException {
    if (name.equals("root")) {
      return 0;
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

  private static String name(int id) {
    return id == 0 ? "root" : Integer.toString(id);
  }

  /** A user by uid. */
  private record User(int id) implements UserPrincipal {
    @Override
    public String getName() {
      return name(id);
    }

    @Override
    public String toString() {
      return getName();
    }
  }

  /** A group by gid. */
  private record Group(int id) implements GroupPrincipal {
    @Override
    public String getName() {
      return name(id);
    }

    @Override
    public String toString() {
      return getName();
    }
  }
}
