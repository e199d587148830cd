package dev.jkernfs.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import dev.jkernfs.cyclea.CycleA;
import dev.jkernfs.cycleb.CycleB;
import dev.jkernfs.kernfs.layeringfixture.KernfsReachingMemfs;
import dev.jkernfs.nio.layeringfixture.NioNamingTheRootType;
import dev.jkernfs.nio.layeringfixture.NioReachingKernfs;
import dev.jkernfs.proc.layeringfixture.ProcUsingJunit;
import dev.jkernfs.refs.layeringfixture.RefsReachingUp;
import dev.jkernfs.vfs.layeringfixture.VfsReachingKernfs;
import org.junit.jupiter.api.Test;

/** The broken twins of {@link LayeringTest}: each rule fails on a class made to break it. */
class LayeringRulesCatchViolationsTest {
  @Test
  void refsNamingTheVfsIsCaught() {
    assertThat(violates(LayeringRules.REFS_DEPEND_ON_NOTHING_OF_OURS, RefsReachingUp.class))
        .isTrue();
  }

  @Test
  void vfsNamingKernfsIsCaught() {
    assertThat(violates(LayeringRules.VFS_DEPENDS_ON_REFS_ONLY, VfsReachingKernfs.class)).isTrue();
  }

  @Test
  void kernfsNamingMemfsIsCaught() {
    assertThat(
            violates(
                LayeringRules.KERNFS_KNOWS_NO_FILESYSTEM_OR_FRONT_END, KernfsReachingMemfs.class))
        .isTrue();
  }

  @Test
  void nioNamingAKernfsInternalIsCaughtAndNamingTheRootTypeIsNot() {
    assertThat(violates(LayeringRules.NIO_NAMES_ONLY_THE_ROOT_TYPE, NioReachingKernfs.class))
        .isTrue();
    assertThat(violates(LayeringRules.NIO_NAMES_ONLY_THE_ROOT_TYPE, NioNamingTheRootType.class))
        .isFalse();
  }

  @Test
  void productionCodeNamingJunitIsCaught() {
    assertThat(violates(LayeringRules.JUNIT_ONLY_IN_TEST_HELPERS, ProcUsingJunit.class)).isTrue();
  }

  @Test
  void aPackageCycleIsCaught() {
    assertThat(violates(LayeringRules.NO_PACKAGE_CYCLES, CycleA.class, CycleB.class)).isTrue();
  }

  private static boolean violates(ArchRule rule, Class<?>... classes) {
    JavaClasses imported = new ClassFileImporter().importClasses(classes);
    return rule.evaluate(imported).hasViolation();
  }
}
