package dev.jkernfs.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import dev.jkernfs.memfs.MemfsType;
import java.util.List;

/** The layering of jkernfs's packages, as rules over compiled classes. */
final class LayeringRules {
  /** The reference counts and the leak checker stand alone. */
  static final ArchRule REFS_DEPEND_ON_NOTHING_OF_OURS =
      noClasses()
          .that()
          .resideInAPackage("dev.jkernfs.refs..")
          .should()
          .dependOnClassesThat(
              resideInAPackage("dev.jkernfs..").and(not(resideInAPackage("dev.jkernfs.refs.."))))
          .as("refs depends on nothing of jkernfs");

  /** The VFS core speaks to the leak checker and the JDK only: no front end, no JUnit. */
  static final ArchRule VFS_DEPENDS_ON_REFS_ONLY =
      classes()
          .that()
          .resideInAPackage("dev.jkernfs.vfs..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage("dev.jkernfs.vfs..", "dev.jkernfs.refs..", "java..")
          .as("vfs depends only on refs and the JDK");

  /** The kernfs framework knows no filesystem built on it and no front end. */
  static final ArchRule KERNFS_KNOWS_NO_FILESYSTEM_OR_FRONT_END =
      noClasses()
          .that()
          .resideInAPackage("dev.jkernfs.kernfs..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.jkernfs.memfs..",
              "dev.jkernfs.proc..",
              "dev.jkernfs.nio..",
              "dev.jkernfs.fuse..")
          .as("kernfs never depends on memfs, proc, nio or fuse");

  /** The NIO provider works through VFS operations; it names memfs only to boot its root. */
  static final ArchRule NIO_NAMES_ONLY_THE_ROOT_TYPE =
      noClasses()
          .that()
          .resideInAPackage("dev.jkernfs.nio..")
          .should()
          .dependOnClassesThat(
              resideInAnyPackage(
                      "dev.jkernfs.kernfs..",
                      "dev.jkernfs.memfs..",
                      "dev.jkernfs.proc..",
                      "dev.jkernfs.fuse..")
                  .and(not(type(MemfsType.class))))
          .as("nio depends on kernfs and memfs only through MemfsType, and never on proc or fuse");

  /** JUnit stays out of production code but for the helpers made for tests. */
  static final ArchRule JUNIT_ONLY_IN_TEST_HELPERS =
      noClasses()
          .that()
          .resideInAPackage("dev.jkernfs..")
          .and()
          .resideOutsideOfPackage("dev.jkernfs.nio.junit..")
          .and()
          .doNotHaveFullyQualifiedName("dev.jkernfs.refs.LeakCheckExtension")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.junit..")
          .as("only dev.jkernfs.nio.junit and LeakCheckExtension depend on JUnit");

  /** No two packages reach each other, directly or around a loop. */
  static final ArchRule NO_PACKAGE_CYCLES =
      slices().matching("dev.jkernfs.(**)").should().beFreeOfCycles().as("no package cycles");

  static final List<ArchRule> ALL =
      List.of(
          REFS_DEPEND_ON_NOTHING_OF_OURS,
          VFS_DEPENDS_ON_REFS_ONLY,
          KERNFS_KNOWS_NO_FILESYSTEM_OR_FRONT_END,
          NIO_NAMES_ONLY_THE_ROOT_TYPE,
          JUNIT_ONLY_IN_TEST_HELPERS,
          NO_PACKAGE_CYCLES);

  private LayeringRules() {}
}
