package dev.jkernfs.kernfs;

import dev.jkernfs.vfs.Errno;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The children of a {@link DynamicDirectory} whose names are fixed but whose inodes are made only
 * when looked up, such as the files of one thread's directory: walking to one file of a short-lived
 * entry builds that file and nothing else.
 */
public final class FixedChildren implements DynamicChildren {
  private final List<Template> templates;
  private final Map<String, Template> byName;

  /**
   * One child: its name, file type and how to make it.
   *
   * @param factory returns a new inode with one reference; its lifetime must not outlast the
   *     directory's (see {@link Lifetime})
   */
  public record Template(String name, int type, Supplier<? extends Inode> factory) {
    public Template {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(factory, "factory");
    }
  }

  /**
   * Lists the children in the order given.
   *
   * @throws IllegalArgumentException if two have the same name
   */
  public FixedChildren(List<Template> templates) {
    this.templates = List.copyOf(templates);
    this.byName = new HashMap<>();
    for (Template template : this.templates) {
      if (byName.putIfAbsent(template.name(), template) != null) {
        throw new IllegalArgumentException("duplicate child name: " + template.name());
      }
    }
  }

  @Override
  public Inode lookup(String name) {
    Template template = byName.get(name);
    if (template == null) {
      throw Errno.ENOENT.exception();
    }
    return template.factory().get();
  }

  /** The key of a child is its position in the list. */
  @Override
  public Stream<Child> listFrom(long fromKey) {
    int first = (int) Math.min(fromKey, templates.size());
    return IntStream.range(first, templates.size())
        .mapToObj(i -> new Child(i, templates.get(i).name(), templates.get(i).type()));
  }
}
