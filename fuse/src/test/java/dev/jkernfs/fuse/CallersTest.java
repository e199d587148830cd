package dev.jkernfs.fuse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallersTest {
  @Test
  void parsesTheGroupsLineOfAThreadStatus() {
    assertThat(Callers.parseGroups("\t0 4 24 4294967294 \n")).containsExactly(0, 4, 24, -2);
    assertThat(Callers.parseGroups("\t\n")).isEmpty();
  }

  @Test
  void readsThisThreadsGroupsAndNothingForAThreadThatIsGone() {
    long tid = ProcessHandle.current().pid();
    assertThat(Callers.supplementaryGroups(tid)).isNotNull();
    assertThat(Callers.supplementaryGroups(0)).isEmpty();
    assertThat(Callers.supplementaryGroups(Integer.MAX_VALUE)).isEmpty();
  }
}
