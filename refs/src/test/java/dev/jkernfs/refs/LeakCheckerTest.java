package dev.jkernfs.refs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LeakCheckerTest {
  private final LeakMode modeBefore = LeakChecker.mode();
  private final int traceLimitBefore = LeakChecker.traceRecordLimit();

  @AfterEach
  void restoreSettings() {
    LeakChecker.setMode(modeBefore);
    LeakChecker.setTraceRecordLimit(traceLimitBefore);
  }

  @Test
  void testsRunWithTheCheckerOn() {
    assertThat(LeakChecker.mode()).isNotEqualTo(LeakMode.DISABLED);
  }

  @Test
  void cleanRunReportsNothing() {
    LeakScope scope = LeakScope.openNow("clean");
    Probe parent = new Probe("parent");
    new Probe("child").hold(parent).decRef();
    parent.decRef();
    LeakReport report = LeakChecker.verify(scope);
    assertThat(report.isClean()).isTrue();
    assertThat(report).hasToString("no leaks in clean");
  }

  @Test
  void missingDecRefIsReportedWithTypeDescriptionCountAndHolders() {
    LeakScope scope = LeakScope.openNow("broken");
    Probe parent = new Probe("/a");
    Probe child = new Probe("/a/b").hold(parent);
    parent.incRef(); // the deliberate leak: never dropped
    parent.decRef();

    LeakReport report = LeakChecker.check(scope);

    assertThat(report.leaks()).extracting(LeakedObject::description).containsExactly("/a", "/a/b");
    LeakedObject leakedParent = report.leaks().get(0);
    assertThat(leakedParent.type()).isEqualTo("probe");
    assertThat(leakedParent.refCount()).isEqualTo(2);
    assertThat(leakedParent.holders()).containsExactly("probe \"/a/b\"");
    assertThat(report.toString())
        .contains("2 objects leaked in broken")
        .contains(leakedParent.name() + " /a: refs=2, held by [probe \"/a/b\"]; 1 unaccounted");
    assertThatThrownBy(() -> LeakChecker.verify(scope))
        .isInstanceOf(LeakDetectedException.class)
        .satisfies(e -> assertThat(((LeakDetectedException) e).report().leaks()).hasSize(2));

    child.decRef();
    parent.decRef();
    assertThat(LeakChecker.check(scope).isClean()).isTrue();
  }

  @Test
  void logModeReportsWithoutThrowing() {
    LeakChecker.setMode(LeakMode.LOG);
    LeakScope scope = LeakScope.openNow("logged");
    Probe probe = new Probe("kept");
    LeakReport report = LeakChecker.verify(scope);
    assertThat(report.leaks()).hasSize(1);
    probe.decRef();
  }

  @Test
  void disabledModeRegistersNothing() {
    LeakChecker.setMode(LeakMode.DISABLED);
    LeakScope scope = LeakScope.openNow("disabled");
    Probe probe = new Probe("unchecked");
    assertThat(LeakChecker.verify(scope).isClean()).isTrue();
    LeakChecker.setMode(LeakMode.THROW);
    assertThat(LeakChecker.check(scope).isClean()).isTrue();
    probe.decRef(); // unregistering an object that was never registered is not an error
  }

  @Test
  void ownerScopeCoversOnlyThatOwner() {
    Object filesystemA = new Object();
    Object filesystemB = new Object();
    Probe a = new Probe("in a", filesystemA);
    Probe b = new Probe("in b", filesystemB);
    assertThat(LeakChecker.check(LeakScope.ownedBy(filesystemA, "fs a")).leaks())
        .extracting(LeakedObject::description)
        .containsExactly("in a");
    assertThat(LeakChecker.liveCounts(LeakScope.ownedBy(filesystemB, "fs b")))
        .isEqualTo(Map.of("probe", 1L));
    a.decRef();
    b.decRef();
    assertThat(LeakChecker.check(LeakScope.ownedBy(filesystemA, "fs a")).isClean()).isTrue();
  }

  @Test
  void openedScopeIgnoresObjectsCreatedBeforeIt() {
    Probe older = new Probe("older");
    LeakScope scope = LeakScope.openNow("later");
    assertThat(LeakChecker.check(scope).isClean()).isTrue();
    assertThat(LeakChecker.check(LeakScope.global()).leaks())
        .extracting(LeakedObject::description)
        .contains("older");
    older.decRef();
  }

  @Test
  void manualRegistrationRejectsDuplicatesAndUnknowns() {
    CheckedObject mount = new Named("mount", "/proc");
    LeakChecker.register(mount, null);
    assertThatThrownBy(() -> LeakChecker.register(mount, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("registered twice: mount /proc");
    LeakChecker.unregister(mount);
    assertThatThrownBy(() -> LeakChecker.unregister(mount))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("unregister of unknown mount /proc");
  }

  @Test
  void manuallyRegisteredObjectLeaksUntilUnregistered() {
    LeakScope scope = LeakScope.openNow("manual");
    CheckedObject mount = new Named("mount", "/mnt");
    LeakChecker.register(mount, null);
    assertThat(LeakChecker.check(scope).leaks())
        .singleElement()
        .satisfies(leak -> assertThat(leak.refCount()).isEqualTo(-1));
    LeakChecker.unregister(mount);
    assertThat(LeakChecker.check(scope).isClean()).isTrue();
  }

  @Test
  void traceRecordsCreationAndRecentOperationsWithIdenticalStacksMerged() {
    LeakChecker.setMode(LeakMode.TRACE);
    LeakScope scope = LeakScope.openNow("trace");
    Probe probe = new Probe("traced");
    for (int i = 0; i < 5; i++) {
      probe.incRef();
    }
    probe.decRef();

    LeakedObject leak = LeakChecker.check(scope).leaks().get(0);

    assertThat(leak.records())
        .extracting(RefRecord::op)
        .containsExactly(RefOp.CREATE, RefOp.INC_REF, RefOp.DEC_REF);
    assertThat(leak.records().get(1).repeats()).isEqualTo(5);
    assertThat(leak.records().get(0).stack())
        .extracting(StackTraceElement::getMethodName)
        .contains("traceRecordsCreationAndRecentOperationsWithIdenticalStacksMerged");
    assertThat(leak.toString()).contains("incRef (refs=2) x5 at:");
    for (int i = 0; i < 5; i++) {
      probe.decRef();
    }
  }

  @Test
  void traceKeepsOnlyTheConfiguredNumberOfRecentOperations() {
    LeakChecker.setMode(LeakMode.TRACE);
    LeakChecker.setTraceRecordLimit(2);
    LeakScope scope = LeakScope.openNow("bounded");
    Probe probe = new Probe("busy");
    probe.incRef();
    probe.tryIncRef();
    probe.decRef();
    assertThat(LeakChecker.check(scope).leaks().get(0).records())
        .extracting(RefRecord::op)
        .containsExactly(RefOp.CREATE, RefOp.TRY_INC_REF, RefOp.DEC_REF);
    probe.decRef();
    probe.decRef();
    assertThatThrownBy(() -> LeakChecker.setTraceRecordLimit(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void doubleReleaseInTraceModeShowsWhereTheFirstReleaseHappened() {
    LeakChecker.setMode(LeakMode.TRACE);
    Probe probe = new Probe("released");
    releaseOnce(probe);
    assertThatThrownBy(probe::decRef)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("first released here")
        .hasMessageContaining("releaseOnce");
  }

  @Test
  void doubleReleaseOutsideTraceModeSaysHowToFindTheFirstRelease() {
    Probe probe = new Probe("released");
    probe.decRef();
    assertThatThrownBy(probe::decRef).hasMessageContaining("-Djkernfs.refs.leakMode=trace");
  }

  @Test
  void modeNamesParseIgnoringCaseAndRejectUnknownOnes() {
    assertThat(LeakMode.parse("Trace")).isEqualTo(LeakMode.TRACE);
    assertThat(LeakMode.parse(" log ")).isEqualTo(LeakMode.LOG);
    assertThatThrownBy(() -> LeakMode.parse("loud"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("disabled, log, throw, trace");
  }

  private static void releaseOnce(Probe probe) {
    probe.decRef();
  }

  private record Named(String refType, String leakDescription) implements CheckedObject {}
}
