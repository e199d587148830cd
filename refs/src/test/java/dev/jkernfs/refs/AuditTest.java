package dev.jkernfs.refs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class AuditTest {

  @Test
  void auditBalancesWhenEveryReferenceHasAHolder() {
    LeakScope scope = LeakScope.openNow("tree");
    Anchor anchor = new Anchor("filesystem root");
    Probe root = new Probe("/");
    anchor.adopt(root);
    Probe child = new Probe("/c").hold(root);
    anchor.adopt(child);
    LeakChecker.registerHolder(anchor);
    try {
      AuditReport audit = LeakChecker.audit(scope);
      assertThat(audit.isBalanced()).as("%s", audit).isTrue();
      assertThat(audit.entries()).hasSize(2);
      assertThat(audit.entries().get(0).holders())
          .containsExactlyInAnyOrder("filesystem root", "probe \"/c\"");
      assertThat(audit.toString()).endsWith("2 objects, all balanced");
    } finally {
      LeakChecker.unregisterHolder(anchor);
      anchor.releaseAll();
    }
  }

  @Test
  void auditFlagsAReferenceNoHolderAccountsFor() {
    LeakScope scope = LeakScope.openNow("leaky");
    Anchor anchor = new Anchor("channel#7");
    Probe dentry = new Probe("/a/b");
    anchor.adopt(dentry);
    Probe child = new Probe("c").hold(dentry);
    dentry.incRef(); // the deliberate leak
    LeakChecker.registerHolder(anchor);
    try {
      AuditReport audit = LeakChecker.audit(scope);
      assertThat(audit.isBalanced()).isFalse();
      AuditEntry mismatch = audit.mismatches().get(0);
      assertThat(mismatch.refs()).isEqualTo(3);
      assertThat(mismatch.accounted()).isEqualTo(2);
      assertThat(mismatch.toString())
          .isEqualTo(
              mismatch.name()
                  + " /a/b: refs=3, accounted=2 [channel#7, probe \"c\"]; 1 unaccounted");
    } finally {
      LeakChecker.unregisterHolder(anchor);
      dentry.decRef();
      child.decRef();
      anchor.releaseAll();
    }
  }

  @Test
  void auditFlagsAHolderClaimingAReferenceItDoesNotHave() {
    LeakScope scope = LeakScope.openNow("overclaimed");
    Probe target = new Probe("t");
    Anchor liar = new Anchor("liar");
    liar.claimWithoutTaking(target);
    Anchor owner = new Anchor("owner");
    owner.adopt(target);
    LeakChecker.registerHolder(liar);
    LeakChecker.registerHolder(owner);
    try {
      AuditEntry entry = LeakChecker.audit(scope).mismatches().get(0);
      assertThat(entry.toString()).endsWith("1 claimed but not counted");
    } finally {
      LeakChecker.unregisterHolder(liar);
      LeakChecker.unregisterHolder(owner);
      owner.releaseAll();
    }
  }

  @Test
  void leakReportNamesTheHoldersOfALeakedObject() {
    LeakScope scope = LeakScope.openNow("held");
    Probe parent = new Probe("/p");
    Probe child = new Probe("/p/c").hold(parent);
    parent.decRef();
    LeakedObject leakedParent = LeakChecker.check(scope).leaks().get(0);
    assertThat(leakedParent.holders()).containsExactly("probe \"/p/c\"");
    child.decRef();
    assertThat(parent.isDestroyed()).isTrue();
  }

  /** A holder that is not itself reference counted, like a filesystem's root anchor. */
  private static final class Anchor implements RefHolder {
    private final String name;
    private final List<RefCounted> refs = new ArrayList<>();

    Anchor(String name) {
      this.name = name;
    }

    /** Takes over the caller's reference on {@code object}. */
    void adopt(RefCounted object) {
      refs.add(object);
    }

    void claimWithoutTaking(RefCounted object) {
      refs.add(object);
    }

    void releaseAll() {
      refs.forEach(RefCounted::decRef);
      refs.clear();
    }

    @Override
    public String holderDescription() {
      return name;
    }

    @Override
    public void forEachHeldRef(Consumer<RefCounted> sink) {
      refs.forEach(sink);
    }
  }
}
