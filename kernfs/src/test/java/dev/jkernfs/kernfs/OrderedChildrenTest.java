package dev.jkernfs.kernfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkernfs.memfs.MemfsType;
import dev.jkernfs.vfs.DirEntry;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.ErrnoException;
import dev.jkernfs.vfs.FileMode;
import dev.jkernfs.vfs.FilesystemType;
import dev.jkernfs.vfs.NameFolding;
import dev.jkernfs.vfs.TimeSource;
import dev.jkernfs.vfs.VirtualFilesystem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A directory's child table against a map: many names, growing, shrinking and reusing slots. */
class OrderedChildrenTest {
  private final VirtualFilesystem vfs =
      VirtualFilesystem.create(
          "ordered children", TimeSource.SYSTEM, FilesystemType.find(MemfsType.NAME), Map.of());
  private final KernfsFilesystem fs = (KernfsFilesystem) vfs.root().mount().filesystem();
  private final OrderedChildren children = new OrderedChildren();
  private final List<Inode> made = new ArrayList<>();

  @AfterEach
  void releaseEverything() {
    children.release();
    made.forEach(Inode::decRef);
    vfs.close();
  }

  @Test
  void randomInsertsAndRemovesAgreeWithAMapInLookupSizeAndListingOrder() {
    SplittableRandom random = new SplittableRandom(8);
    Map<String, Inode> model = new LinkedHashMap<>();
    for (int step = 0; step < 20_000; step++) {
      String name = "n" + random.nextInt(3_000);
      if (random.nextInt(3) == 0 && model.containsKey(name)) {
        children.remove(name, model.remove(name));
      } else if (!model.containsKey(name)) {
        Inode inode = leaf();
        children.insert(name, inode, false);
        model.put(name, inode);
      } else {
        assertThatThrownBy(() -> children.insert(name, leaf(), false))
            .isInstanceOf(ErrnoException.class)
            .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(Errno.EEXIST));
      }
      String probe = "n" + random.nextInt(3_000);
      assertThat(children.peek(probe)).isSameAs(model.get(probe));
      assertThat(children.size()).isEqualTo(model.size());
    }
    List<String> listed = new ArrayList<>();
    children.iterate(
        2,
        (DirEntry entry) -> {
          listed.add(entry.name());
          return true;
        });
    assertThat(listed).containsExactlyElementsOf(model.keySet());
    model.keySet().forEach(name -> children.remove(name, model.get(name)));
    assertThat(children.isEmpty()).isTrue();
    assertThat(children.peek("n1")).isNull();
  }

  @Test
  void aFoldingTableFindsOtherSpellingsAndListsTheCreatedOne() {
    OrderedChildren folded = new OrderedChildren(NameFolding.WINDOWS);
    Inode inode = leaf();
    folded.insert("ReadMe", inode, false);
    try {
      assertThat(folded.peek("README")).isSameAs(inode);
      assertThat(folded.createdName("readme")).isEqualTo("ReadMe");
      assertThat(folded.createdName("other")).isNull();
      assertThatThrownBy(() -> folded.insert("readme", leaf(), false))
          .isInstanceOf(ErrnoException.class);
      assertThat(listed(folded)).containsExactly("ReadMe");
    } finally {
      folded.release();
    }
  }

  @Test
  void respellingKeepsTheTablesOneReference() {
    OrderedChildren folded = new OrderedChildren(NameFolding.WINDOWS);
    Inode inode = leaf();
    Inode other = leaf();
    folded.insert("first", other, false);
    folded.insert("foo", inode, false);
    long before = inode.refCount();
    folded.move("FOO", "Foo", inode, folded, null);
    try {
      assertThat(inode.refCount()).isEqualTo(before);
      assertThat(listed(folded)).containsExactly("first", "Foo");
      assertThat(folded.size()).isEqualTo(2);
    } finally {
      folded.release();
    }
  }

  @Test
  void theReferenceCheckOfARespellFiresWhenTheOldEntryStays() {
    // The twin of the test above: a respell that added the new spelling without taking the old
    // one out would hold a second reference, which the same assertion reports.
    OrderedChildren identity = new OrderedChildren();
    Inode inode = leaf();
    identity.insert("foo", inode, false);
    long before = inode.refCount();
    identity.insert("Foo", inode, false);
    try {
      assertThatThrownBy(() -> assertThat(inode.refCount()).isEqualTo(before))
          .isInstanceOf(AssertionError.class);
    } finally {
      identity.release();
    }
  }

  @Test
  void anIdentityTableStillRefusesAMoveOntoItsOwnName() {
    OrderedChildren identity = new OrderedChildren();
    Inode inode = leaf();
    identity.insert("foo", inode, false);
    try {
      assertThatThrownBy(() -> identity.move("foo", "foo", inode, identity, null))
          .isInstanceOf(ErrnoException.class)
          .satisfies(e -> assertThat(((ErrnoException) e).errno()).isEqualTo(Errno.EEXIST));
      assertThat(listed(identity)).containsExactly("foo");
    } finally {
      identity.release();
    }
  }

  private static List<String> listed(OrderedChildren table) {
    List<String> names = new ArrayList<>();
    table.iterate(
        2,
        (DirEntry entry) -> {
          names.add(entry.name());
          return true;
        });
    return names;
  }

  private Inode leaf() {
    Inode inode = new Inode(fs, FileMode.S_IFREG | 0644, 0, 0) {};
    made.add(inode);
    return inode;
  }
}
