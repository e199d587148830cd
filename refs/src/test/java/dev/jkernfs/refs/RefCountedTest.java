package dev.jkernfs.refs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RefCountedTest {

  @Test
  void newObjectHoldsOneReferenceForItsCreator() {
    Probe probe = new Probe("a");
    assertThat(probe.refCount()).isEqualTo(1);
    assertThat(probe.isDestroyed()).isFalse();
    probe.decRef();
  }

  @Test
  void lastDecRefRunsTheDestructorExactlyOnce() {
    Probe probe = new Probe("a");
    probe.incRef();
    probe.decRef();
    assertThat(probe.destructions).hasValue(0);
    probe.decRef();
    assertThat(probe.destructions).hasValue(1);
    assertThat(probe.isDestroyed()).isTrue();
    assertThat(probe.refCount()).isZero();
  }

  @Test
  void destroyIfLastRefDestroysOnlyWhenTheCallerHoldsTheSoleReference() {
    Probe shared = new Probe("shared");
    shared.incRef();
    assertThat(shared.destroyIfLastRef()).isFalse(); // another holder: nothing happens
    assertThat(shared.refCount()).isEqualTo(2);
    assertThat(shared.destructions).hasValue(0);
    shared.decRef();
    assertThat(shared.destroyIfLastRef()).isTrue();
    assertThat(shared.destructions).hasValue(1);
    assertThat(shared.isDestroyed()).isTrue();
    assertThat(shared.destroyIfLastRef()).isFalse(); // and never twice
    assertThat(shared.destructions).hasValue(1);
    assertThatThrownBy(shared::decRef).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void incRefOfDestroyedObjectThrowsNamingIt() {
    Probe probe = new Probe("/a/b");
    probe.decRef();
    assertThatThrownBy(probe::incRef)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("incRef on destroyed probe")
        .hasMessageContaining("/a/b");
    assertThat(probe.isDestroyed()).isTrue();
    assertThat(probe.destructions).hasValue(1);
  }

  @Test
  void doubleReleaseThrowsAndDoesNotRunTheDestructorAgain() {
    Probe probe = new Probe("twice");
    probe.decRef();
    assertThatThrownBy(probe::decRef)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("decRef on destroyed probe")
        .hasMessageContaining("twice");
    assertThat(probe.destructions).hasValue(1);
    assertThatThrownBy(probe::decRef).isInstanceOf(IllegalStateException.class);
    assertThat(probe.isDestroyed()).isTrue();
  }

  @Test
  void tryIncRefSucceedsOnLiveObjectAndFailsOnDestroyedOne() {
    Probe probe = new Probe("a");
    assertThat(probe.tryIncRef()).isTrue();
    assertThat(probe.refCount()).isEqualTo(2);
    probe.decRef();
    probe.decRef();
    assertThat(probe.tryIncRef()).isFalse();
    assertThat(probe.refCount()).isZero();
  }

  @Test
  void tryDecRefUnlessLastDropsAllButTheLastReference() {
    Probe probe = new Probe("a");
    probe.incRef();
    assertThat(probe.tryDecRefUnlessLast()).isTrue();
    assertThat(probe.refCount()).isEqualTo(1);
    assertThat(probe.tryDecRefUnlessLast()).isFalse();
    assertThat(probe.refCount()).isEqualTo(1);
    assertThat(probe.destructions).hasValue(0);
    probe.decRef();
    assertThat(probe.tryDecRefUnlessLast()).isFalse();
    assertThat(probe.destructions).hasValue(1);
  }

  @Test
  void objectParkedAtZeroCanBeRevivedButNotByIncRefOrTryIncRef() {
    Parkable parked = new Parkable();
    parked.decRef();
    assertThat(parked.isDestroyed()).isFalse();
    assertThat(parked.refCount()).isZero();
    assertThat(parked.tryIncRef()).isFalse();
    assertThatThrownBy(parked::incRef)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("incRef on unreferenced parkable");
    assertThat(parked.revive()).isTrue();
    assertThat(parked.refCount()).isEqualTo(1);
    assertThat(parked.revive()).as("revive of a live object").isFalse();
    parked.decRef();
    assertThat(parked.destroyNow()).isTrue();
    assertThat(parked.destroyed).isTrue();
    assertThat(parked.revive()).as("revive of a destroyed object").isFalse();
  }

  @Test
  void destructionOfARevivedObjectIsRefused() {
    Parkable parked = new Parkable();
    parked.decRef();
    parked.revive();
    assertThat(parked.destroyNow()).isFalse();
    assertThat(parked.destroyed).isFalse();
    parked.decRef();
    assertThat(parked.destroyNow()).isTrue();
  }

  @Test
  void describeNamesTypeIdAndDescription() {
    Probe probe = new Probe("/x");
    assertThat(probe.describe()).matches("probe#\\d+ /x");
    probe.decRef();
  }

  /** An object that waits at zero references, as a cached dentry does. */
  static final class Parkable extends RefCounted {
    boolean destroyed;

    @Override
    protected void onZeroRefs() {}

    boolean revive() {
      return reviveFromZero();
    }

    boolean destroyNow() {
      return destroyIfUnreferenced();
    }

    @Override
    protected void destroy() {
      destroyed = true;
    }

    @Override
    public String refType() {
      return "parkable";
    }

    @Override
    public String leakDescription() {
      return "parked";
    }
  }
}
