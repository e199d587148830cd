package dev.jkernfs.nio.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Which operating system the filesystem a JUnit helper hands out looks like: on a {@code
 * FileSystem} parameter of a {@link JkernfsExtension} test (or on its method or class), or on a
 * {@code @TempDir(factory = JkernfsTempDirFactory.class)} field or parameter. Without it, Linux.
 *
 * <pre>{@code
 * @Test
 * @ExtendWith(JkernfsExtension.class)
 * void handlesWindowsPaths(@Flavor("windows") FileSystem fs) { ... }   // C:\ and C:\work
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.PARAMETER, ElementType.FIELD, ElementType.METHOD, ElementType.TYPE})
public @interface Flavor {
  /** The env key {@code flavor}: {@code "linux"}, {@code "windows"} or {@code "macos"}. */
  String value();

  /** The env key {@code roots} of a Windows flavour; empty for the default {@code C:\}. */
  String[] roots() default {};
}
