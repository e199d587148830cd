package dev.jkernfs.kernfs;

import static dev.jkernfs.kernfs.ResolutionTest.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jkernfs.vfs.Dentry;
import dev.jkernfs.vfs.DentryWatcher;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.NameFolding;
import dev.jkernfs.vfs.OpenOptions;
import dev.jkernfs.vfs.Stat;
import dev.jkernfs.vfs.VirtualDentry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A memfs whose names fold (as on Windows and macOS): another spelling finds the same entry, which
 * keeps the name it was created with in listings, dentry paths and events; the teardown checks that
 * nothing leaked and the audit balances.
 */
class FoldedNamesTest {
  private final List<VfsFixture> fixtures = new ArrayList<>();

  private VfsFixture memfs(NameFolding folding) {
    VfsFixture fx = new VfsFixture(Map.of("nameFolding", folding));
    fixtures.add(fx);
    return fx;
  }

  @AfterEach
  void closeAll() {
    fixtures.forEach(VfsFixture::close);
  }

  @Test
  void anotherCaseFindsTheEntryWhichKeepsItsCreatedName() {
    VfsFixture fx = memfs(NameFolding.WINDOWS);
    fx.mkdirs("/Dir");
    fx.write("/Dir/Foo.txt", "hi");
    assertThat(fx.read("/DIR/fOO.TXT")).isEqualTo("hi");
    Stat viaOtherCase = fx.vfs.stat(fx.op("/dir/FOO.txt"));
    assertThat(viaOtherCase.ino()).isEqualTo(fx.vfs.stat(fx.op("/Dir/Foo.txt")).ino());
    assertThat(list(fx, "/dIr")).containsExactly("Foo.txt");
    assertThat(pathOf(fx, "/DIR/FOO.TXT")).isEqualTo("/Dir/Foo.txt");
  }

  @Test
  void aDentryMadeByALookupInAnotherCaseCarriesTheCreatedName() {
    // A cache of 0 drops every dentry at once, so the next walk looks the name up again.
    VfsFixture fx =
        new VfsFixture(Map.of("nameFolding", NameFolding.WINDOWS, "dentryCacheLimit", 0));
    fixtures.add(fx);
    fx.write("/Report.DOC", "");
    assertThat(pathOf(fx, "/report.doc")).isEqualTo("/Report.DOC");
  }

  @Test
  void creatingAnotherSpellingOfAnExistingNameIsEexist() {
    VfsFixture fx = memfs(NameFolding.WINDOWS);
    fx.mkdirs("/Foo");
    assertErrno(Errno.EEXIST, () -> fx.vfs.mkdir(fx.op("/FOO"), 0755));
    assertErrno(Errno.EEXIST, () -> fx.vfs.open(fx.op("/foo"), VfsFixture.createExclusive(0644)));
    assertErrno(Errno.EEXIST, () -> fx.vfs.symlink(fx.op("/fOo"), "x"));
    assertThat(list(fx, "/")).containsExactly("Foo");
  }

  @Test
  void unlinkAndRmdirThroughAnotherSpellingRemoveTheEntry() {
    VfsFixture fx = memfs(NameFolding.WINDOWS);
    fx.mkdirs("/Dir");
    fx.write("/Dir/File", "");
    fx.vfs.unlink(fx.op("/DIR/FILE"));
    fx.vfs.rmdir(fx.op("/dir"));
    assertThat(list(fx, "/")).isEmpty();
    assertErrno(Errno.ENOENT, () -> fx.vfs.stat(fx.op("/Dir")));
  }

  @Test
  void renameToAnotherSpellingChangesOnlyTheCreatedName() {
    VfsFixture fx = memfs(NameFolding.WINDOWS);
    fx.mkdirs("/Dir");
    fx.write("/Dir/foo", "content");
    fx.write("/Dir/other", "");
    long ino = fx.vfs.stat(fx.op("/Dir/foo")).ino();
    fx.vfs.rename(fx.op("/dir/FOO"), fx.op("/DIR/Foo"), false);
    assertThat(list(fx, "/Dir")).containsExactly("other", "Foo");
    assertThat(fx.vfs.stat(fx.op("/Dir/FOO")).ino()).isEqualTo(ino);
    assertThat(fx.read("/Dir/foo")).isEqualTo("content");
    assertThat(pathOf(fx, "/dir/foo")).isEqualTo("/Dir/Foo");
    // The same spelling again is a rename onto itself: nothing changes.
    fx.vfs.rename(fx.op("/Dir/foo"), fx.op("/Dir/Foo"), false);
    assertThat(list(fx, "/Dir")).containsExactly("other", "Foo");
  }

  @Test
  void renameOfADirectoryToAnotherSpellingKeepsItsChildrenAndLinkCounts() {
    VfsFixture fx = memfs(NameFolding.WINDOWS);
    fx.mkdirs("/a", "/a/sub", "/a/sub/x");
    long parentLinks = fx.vfs.stat(fx.op("/a")).nlink();
    fx.vfs.rename(fx.op("/a/sub"), fx.op("/a/SUB"), true);
    assertThat(list(fx, "/a")).containsExactly("SUB");
    assertThat(list(fx, "/a/sub")).containsExactly("x");
    assertThat(fx.vfs.stat(fx.op("/a")).nlink()).isEqualTo(parentLinks);
  }

  @Test
  void renameOntoAnotherSpellingOfADifferentEntryReplacesIt() {
    VfsFixture fx = memfs(NameFolding.WINDOWS);
    fx.write("/source", "new");
    fx.write("/Target", "old");
    fx.vfs.rename(fx.op("/source"), fx.op("/TARGET"), false);
    assertThat(list(fx, "/")).containsExactly("TARGET");
    assertThat(fx.read("/target")).isEqualTo("new");
  }

  @Test
  void eventsNameTheEntryAsCreated() {
    VfsFixture fx = memfs(NameFolding.WINDOWS);
    fx.mkdirs("/Dir");
    fx.write("/Dir/Foo", "");
    fx.write("/Dir/Bar", "");
    VirtualDentry dir = fx.vfs.getDentry(fx.op("/Dir"), true);
    List<String> events = new ArrayList<>();
    DentryWatcher watcher =
        new DentryWatcher() {
          @Override
          public void changed(Change change, String name) {
            events.add(change + " " + name);
          }

          @Override
          public void watchedDirectoryGone() {}
        };
    fx.vfs.addWatcher(dir.dentry(), watcher);
    try {
      fx.vfs.unlink(fx.op("/dir/FOO"));
      fx.vfs.rename(fx.op("/dir/bar"), fx.op("/dir/BAR"), false);
    } finally {
      fx.vfs.removeWatcher(dir.dentry(), watcher);
      dir.decRef();
    }
    assertThat(events).containsExactly("DELETED Foo", "DELETED Bar", "CREATED BAR");
  }

  @Test
  void macosFoldingFindsANameCreatedComposedWhenAskedDecomposedAndInAnotherCase() {
    VfsFixture fx = memfs(NameFolding.MACOS);
    String composed = "caf\u00e9";
    String decomposedUpper = "CAFE\u0301";
    fx.write("/" + composed, "x");
    assertThat(fx.read("/" + decomposedUpper)).isEqualTo("x");
    assertThat(list(fx, "/")).containsExactly(composed);
    assertErrno(
        Errno.EEXIST, () -> fx.vfs.open(fx.op("/cafe\u0301"), VfsFixture.createExclusive(0644)));
  }

  @Test
  void identityFoldingKeepsSpellingsApart() {
    VfsFixture fx = memfs(NameFolding.IDENTITY);
    fx.write("/Foo", "upper");
    fx.write("/foo", "lower");
    assertThat(fx.read("/Foo")).isEqualTo("upper");
    assertThat(list(fx, "/")).containsExactly("Foo", "foo");
    assertErrno(Errno.ENOENT, () -> fx.vfs.stat(fx.op("/FOO")));
  }

  @Test
  void aRefusedRenameToAnotherSpellingChangesNothing() {
    VfsFixture fx = memfs(NameFolding.WINDOWS);
    fx.mkdirs("/dir");
    fx.write("/dir/Foo", "");
    fx.vfs.setStat(fx.op("/dir"), dev.jkernfs.vfs.SetStat.mode(0555));
    assertErrno(
        Errno.EACCES,
        () ->
            fx.vfs.rename(
                fx.op("/dir/Foo", dev.jkernfs.vfs.Credentials.of(1000, 1000), true),
                fx.op("/dir/FOO", dev.jkernfs.vfs.Credentials.of(1000, 1000), true),
                false));
    assertThat(list(fx, "/dir")).containsExactly("Foo");
    assertThat(pathOf(fx, "/dir/foo")).isEqualTo("/dir/Foo");
  }

  private static List<String> list(VfsFixture fx, String dir) {
    FileDescription fd = fx.vfs.open(fx.op(dir), OpenOptions.READ);
    List<String> names = new ArrayList<>();
    try {
      fd.readdir(entry -> names.add(entry.name()));
    } finally {
      fd.close();
    }
    names.remove(".");
    names.remove("..");
    return names;
  }

  private static String pathOf(VfsFixture fx, String path) {
    VirtualDentry position = fx.vfs.getDentry(fx.op(path), false);
    try {
      Dentry dentry = position.dentry();
      return dentry.filesystem().pathOf(dentry);
    } finally {
      position.decRef();
    }
  }
}
