package dev.jkernfs.nio;

import static dev.jkernfs.vfs.FileOperation.CREATE;
import static dev.jkernfs.vfs.FileOperation.FORCE;
import static dev.jkernfs.vfs.FileOperation.OPEN;
import static dev.jkernfs.vfs.FileOperation.READ;
import static dev.jkernfs.vfs.FileOperation.RENAME;
import static dev.jkernfs.vfs.FileOperation.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.FileOperation;
import java.io.IOException;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Building, checking and spelling fault rules; bad input is refused and registers nothing. */
class FaultRuleTest {
  @Test
  void builderMakesTheRuleItSpells() {
    FaultRule rule = FaultRule.on(WRITE, FORCE).paths("/data/**").nth(3).fail(Errno.ENOSPC);

    assertThat(rule.operations()).containsExactly(WRITE, FORCE);
    assertThat(rule.errno()).contains(Errno.ENOSPC);
    assertThat(rule).hasToString("on=WRITE,FORCE paths=/data/** nth=3 fail=ENOSPC");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "on=WRITE,FORCE paths=/data/** nth=3 fail=ENOSPC",
        "on=READ every=2 times=5 transferAtMost=512",
        "on=OPEN,CREATE probability=0.25 seed=42 fail=EMFILE",
        "on=FORCE delay=250ms",
        "on=FORCE delay=PT0.0005S",
        "on=LIST hang",
        "on=LOCK fail=EAGAIN",
      })
  void textFormReadsBackToTheSameText(String text) {
    assertThat(FaultRule.parse(text)).hasToString(text);
  }

  @Test
  void textFormIsLenientAboutCaseSpacesAndUnits() {
    assertThat(FaultRule.parse("  on=write,Force   nth=2 fail=enospc "))
        .hasToString("on=WRITE,FORCE nth=2 fail=ENOSPC");
    assertThat(FaultRule.parse("on=force delay=2s")).hasToString("on=FORCE delay=2000ms");
  }

  @Test
  void aPredicateRuleShowsThatItHasOne() {
    assertThat(FaultRule.on(READ).paths(path -> true).fail(Errno.EIO))
        .hasToString("on=READ paths=<predicate> fail=EIO");
  }

  @Test
  void badInputNamesTheField() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FaultRule.parse("on=wirte fail=EIO"))
        .withMessageStartingWith("on: unknown operation \"wirte\"");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FaultRule.on(READ).nth(0))
        .withMessage("nth: must be at least 1, was 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FaultRule.on(READ).every(-2))
        .withMessage("every: must be at least 1, was -2");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FaultRule.on(READ).times(-1))
        .withMessage("times: must be at least 1, was -1");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FaultRule.on(READ).probability(1.5, 1))
        .withMessage("probability: must be within [0, 1], was 1.5");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FaultRule.on(READ).probability(Double.NaN, 1))
        .withMessageStartingWith("probability: ");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FaultRule.on(READ).probability(-0.1, 1))
        .withMessageStartingWith("probability: ");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FaultRule.on(RENAME).fail(Errno.EISDIR))
        .withMessageStartingWith("fail: EISDIR makes no sense for RENAME, which fails only with [");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FaultRule.on(READ, WRITE).fail(Errno.ENOSPC))
        .withMessageStartingWith("fail: ENOSPC makes no sense for READ");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FaultRule.on(READ, OPEN).transferAtMost(10))
        .withMessage("transferAtMost: only READ and WRITE move bytes, not OPEN");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FaultRule.on(READ).transferAtMost(0))
        .withMessage("transferAtMost: must be at least 1, was 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FaultRule.on(READ).delay(Duration.ofMillis(-1)))
        .withMessageStartingWith("delay: must not be negative");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FaultRule.on(READ).paths("/a/{b,{c}}"))
        .withMessageStartingWith("paths: ");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FaultRule.on(READ).nth(2).every(3))
        .withMessage("every: a rule has one schedule, and this one is already nth=2");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FaultRule.on(EnumSet.noneOf(FileOperation.class)))
        .withMessage("on: no operation given");
  }

  @Test
  void badTextNamesTheField() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FaultRule.parse("fail=EIO"))
        .withMessageStartingWith("on: missing");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FaultRule.parse("on=READ"))
        .withMessageStartingWith("effect: missing");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FaultRule.parse("on=READ fail=EIO hang"))
        .withMessageStartingWith("effect: more than one of [fail, hang]");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FaultRule.parse("on=READ when=3 fail=EIO"))
        .withMessageStartingWith("unknown field \"when\"");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FaultRule.parse("on=READ nth=x fail=EIO"))
        .withMessage("nth: not a whole number: \"x\"");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FaultRule.parse("on=READ fail=EWHAT"))
        .withMessage("fail: unknown error \"EWHAT\"");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FaultRule.parse("on=READ probability=0.5 fail=EIO"))
        .withMessage("seed: probability and seed go together");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FaultRule.parse("on=READ delay=soon"))
        .withMessageStartingWith("delay: not a time: \"soon\"");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FaultRule.parse("on=READ hang=1"))
        .withMessage("hang: takes no value");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FaultRule.parse("on=READ nth fail=EIO"))
        .withMessage("nth: needs a value (nth=...)");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FaultRule.parse("on=READ nth=1 nth=2 fail=EIO"))
        .withMessageStartingWith("nth: given twice");
  }

  @Test
  void everyKindAcceptsTheErrorsOfItsTableAndNoOther() {
    for (FileOperation op : FileOperation.values()) {
      for (Errno errno : Errno.values()) {
        if (op.errors().contains(errno)) {
          assertThat(FaultRule.on(op).fail(errno).errno()).contains(errno);
        } else {
          assertThatIllegalArgumentException()
              .as("%s %s", op, errno)
              .isThrownBy(() -> FaultRule.on(op).fail(errno));
        }
      }
    }
    assertThat(OPEN.errors()).contains(Errno.EMFILE, Errno.EACCES).doesNotContain(Errno.ENOSPC);
    assertThat(CREATE.errors()).contains(Errno.ENOSPC, Errno.EDQUOT);
    assertThat(WRITE.errors()).contains(Errno.ENOSPC, Errno.EDQUOT, Errno.EIO, Errno.EINTR);
  }

  @Test
  void envRulesAreCheckedLikeEveryKeyAndMakeNoFileSystem() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Jkernfs.newFileSystem(Map.of("faults", List.of("on=READ fail=EIO", "x"))))
        .withMessageStartingWith("faults[1]: unknown field \"x\"");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Jkernfs.newFileSystem(Map.of("faults", List.of("on=RENAME fail=EISDIR"))))
        .withMessageStartingWith("faults[0]: fail: EISDIR makes no sense for RENAME");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Jkernfs.newFileSystem(Map.of("faults", List.of(42))))
        .withMessage("faults[0] must be a FaultRule or String, was java.lang.Integer");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Jkernfs.newFileSystem(Map.of("faults", "on=READ fail=EIO")))
        .withMessage("faults must be a List of FaultRule or String, was java.lang.String");
  }

  @Test
  void envRulesAreInForceFromTheStart() throws IOException {
    FaultRule given = FaultRule.on(CREATE).paths("/full/**").fail(Errno.ENOSPC);
    try (FileSystem fs =
        Jkernfs.newFileSystem(
            Map.of(
                "faults",
                List.of(given, "on=MKDIR paths=/ro fail=EROFS"),
                "mounts",
                Map.of("/full", "memfs")))) {
      assertThat(Jkernfs.faults(fs).rules())
          .extracting(FaultInjector.ActiveRule::rule)
          .extracting(FaultRule::toString)
          .containsExactly(given.toString(), "on=MKDIR paths=/ro fail=EROFS");
      assertThatThrownBy(() -> Files.createFile(fs.getPath("/full/f")))
          .hasMessage("/full/f: No space left on device");
      assertThatThrownBy(() -> Files.createDirectory(fs.getPath("/ro")))
          .hasMessage("/ro: Read-only file system");
    }
  }

  @Test
  void aRuleAddedToAClosedFileSystemIsRefused() throws IOException {
    FileSystem fs = Jkernfs.newFileSystem(Map.of());
    fs.close();
    FaultInjector faults = Jkernfs.faults(fs);

    assertThatThrownBy(() -> faults.add(FaultRule.on(READ).fail(Errno.EIO)))
        .isInstanceOf(ClosedFileSystemException.class);
    assertThat(faults.rules()).isEmpty();
  }
}
