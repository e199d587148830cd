package dev.jkernfs.vfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParsedPathTest {
  @Test
  void splitDropsRepeatedLeadingAndTrailingSlashes() {
    assertThat(ParsedPath.split("//a///b/")).containsExactly("a", "b");
    assertThat(ParsedPath.split("a/./../b")).containsExactly("a", ".", "..", "b");
    assertThat(ParsedPath.split("/")).isEmpty();
    assertThat(ParsedPath.split("")).isEmpty();
  }

  @Test
  void parseKeepsWhatSplitDrops() {
    ParsedPath parsed = ParsedPath.parse("/a//b/");
    assertThat(parsed.absolute()).isTrue();
    assertThat(parsed.names()).containsExactly("a", "b");
    assertThat(parsed.trailingSlash()).isTrue();
    assertThat(ParsedPath.parse("///").trailingSlash()).isFalse();
    assertThat(ParsedPath.parse("a").absolute()).isFalse();
  }
}
