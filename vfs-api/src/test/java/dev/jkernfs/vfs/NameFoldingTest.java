package dev.jkernfs.vfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The keys each folding gives: which spellings are one name. */
class NameFoldingTest {
  @Test
  void identityIsTheNameItselfWithoutACopy() {
    String name = "Foo";
    assertThat(NameFolding.IDENTITY.fold(name)).isSameAs(name);
    assertThat(NameFolding.IDENTITY.same("Foo", "foo")).isFalse();
  }

  @Test
  void windowsFoldsCaseUnitByUnitAsNtfsUpcases() {
    NameFolding windows = NameFolding.WINDOWS;
    assertThat(windows.same("Foo.TXT", "fOO.txt")).isTrue();
    assertThat(windows.same("\u00e9t\u00e9", "\u00c9T\u00c9")).isTrue();
    // One unit at a time: no expansion of the sharp s, and no normalization.
    assertThat(windows.same("stra\u00dfe", "STRASSE")).isFalse();
    assertThat(windows.same("\u00e9", "e\u0301")).isFalse();
    String upper = "ALREADY.UPPER";
    assertThat(windows.fold(upper)).isSameAs(upper);
  }

  @Test
  void macosFoldsCaseAndNormalization() {
    NameFolding macos = NameFolding.MACOS;
    assertThat(macos.same("caf\u00e9", "CAFE\u0301")).isTrue();
    assertThat(macos.same("\u00c5ngstr\u00f6m", "a\u030angstro\u0308m")).isTrue();
    assertThat(macos.same("a", "b")).isFalse();
    String lower = "lower.txt";
    assertThat(macos.fold(lower)).isSameAs(lower);
  }

  @Test
  void dotNamesFoldToThemselves() {
    for (NameFolding folding : NameFolding.values()) {
      assertThat(folding.fold(".")).isEqualTo(".");
      assertThat(folding.fold("..")).isEqualTo("..");
    }
  }
}
