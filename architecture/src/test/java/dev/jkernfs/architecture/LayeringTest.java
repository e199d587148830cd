package dev.jkernfs.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The production classes of every module keep the layering. */
class LayeringTest {
  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.jkernfs");
  }

  static Stream<ArchRule> rules() {
    return LayeringRules.ALL.stream();
  }

  @Test
  void everyModuleIsImported() {
    for (String module :
        new String[] {
          "dev.jkernfs.refs",
          "dev.jkernfs.vfs",
          "dev.jkernfs.kernfs",
          "dev.jkernfs.memfs",
          "dev.jkernfs.nio",
          "dev.jkernfs.nio.junit",
          "dev.jkernfs.proc",
          "dev.jkernfs.fuse"
        }) {
      assertThat(production.containPackage(module)).as(module).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void productionClassesKeepTheRule(ArchRule rule) {
    rule.check(production);
  }
}
