package dev.jkernfs.proc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DemoTest {
  @Test
  void demoRunsToACleanLeakCheckWithBoundedDentries() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    boolean clean = new Demo(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
    String output = bytes.toString(StandardCharsets.UTF_8);
    assertThat(clean).as(output).isTrue();
    assertThat(output)
        .contains("0 leaked objects")
        .contains("NoSuchFileException")
        .contains("100000/100000")
        .contains("thread-self -> threads/");
  }
}
