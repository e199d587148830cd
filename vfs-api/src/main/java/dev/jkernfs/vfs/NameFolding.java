package dev.jkernfs.vfs;

import java.text.Normalizer;

/**
 * How a filesystem tells whether two names are the same entry: the key a directory's child table
 * and the dentry tree file a name under. The name as created is kept for listings and paths; only
 * lookups compare keys. Chosen when the filesystem is created and never changed.
 *
 * <ul>
 *   <li>{@link #IDENTITY}: names are compared as they are, as Linux does; no key is computed.
 *   <li>{@link #WINDOWS}: case-insensitive as NTFS, whose upcase table maps each UTF-16 unit to its
 *       upper case alone (so {@code ß} stays itself) and as the JDK's {@code WindowsPath} compares
 *       names.
 *   <li>{@link #MACOS}: as APFS, insensitive to case and to Unicode normalization: a name created
 *       composed ({@code NFC}) is found decomposed ({@code NFD}) and in any case.
 * </ul>
 */
public enum NameFolding {
  /** Names are keys: byte-exact lookups, as on Linux. */
  IDENTITY,
  /** Case-insensitive, each UTF-16 unit upper-cased on its own. */
  WINDOWS,
  /** Insensitive to case (each code point folded on its own) and to Unicode normalization. */
  MACOS;

  /**
   * The key of {@code name}: two names are the same entry exactly when their keys are equal. For
   * {@link #IDENTITY} that is {@code name} itself, without allocation; the others return {@code
   * name} too when it is already its own key.
   */
  public String fold(String name) {
    if (this == IDENTITY) {
      return name;
    }
    return this == WINDOWS ? upperCaseUnits(name) : caseAndNormalizationFolded(name);
  }

  /** Whether {@code a} and {@code b} name the same entry. */
  public boolean same(String a, String b) {
    return a.equals(b) || (this != IDENTITY && fold(a).equals(fold(b)));
  }

  private static String upperCaseUnits(String name) {
    int i = 0;
    while (i < name.length() && Character.toUpperCase(name.charAt(i)) == name.charAt(i)) {
      i++;
    }
    if (i == name.length()) {
      return name;
    }
    char[] key = name.toCharArray();
    for (; i < key.length; i++) {
      key[i] = Character.toUpperCase(key[i]);
    }
    return new String(key);
  }

  private static String caseAndNormalizationFolded(String name) {
    boolean ascii = true;
    boolean folded = true;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      ascii &= c < 0x80;
      folded &= c < 'A' || c > 'Z';
    }
    if (ascii) {
      // Decomposition leaves ASCII as it is: only the case can differ.
      return folded ? name : lowerCaseCodePoints(name);
    }
    String decomposed = Normalizer.normalize(name, Normalizer.Form.NFD);
    String key = lowerCaseCodePoints(decomposed);
    // Folding a decomposed letter may leave a sequence that decomposes further (rarely).
    return key == decomposed || Normalizer.isNormalized(key, Normalizer.Form.NFD)
        ? key
        : Normalizer.normalize(key, Normalizer.Form.NFD);
  }

  /**
   * Each code point as the lower case of its upper case: a simple case folding, so that letters
   * whose upper cases agree ({@code ſ}, {@code s}, {@code S}) give one key.
   */
  private static String lowerCaseCodePoints(String text) {
    StringBuilder key = null;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      int f = Character.toLowerCase(Character.toUpperCase(c));
      if (f != c && key == null) {
        key = new StringBuilder(text.length()).append(text, 0, i);
      }
      if (key != null) {
        key.appendCodePoint(f);
      }
      i += Character.charCount(c);
    }
    return key == null ? text : key.toString();
  }
}
