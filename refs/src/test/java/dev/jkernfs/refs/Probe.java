package dev.jkernfs.refs;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A reference-counted test object that counts its destructions and can hold refs on others. */
class Probe extends RefCounted implements RefHolder {
  final String label;
  final AtomicInteger destructions = new AtomicInteger();
  final List<RefCounted> held = new ArrayList<>();

  Probe(String label) {
    this(label, null);
  }

  Probe(String label, Object owner) {
    super(owner);
    this.label = label;
  }

  /** Takes a ref on {@code target}, dropped when this probe is destroyed. */
  Probe hold(RefCounted target) {
    target.incRef();
    held.add(target);
    return this;
  }

  @Override
  public String refType() {
    return "probe";
  }

  @Override
  public String leakDescription() {
    return label;
  }

  @Override
  public String holderDescription() {
    return "probe \"" + label + "\"";
  }

  @Override
  public void forEachHeldRef(Consumer<RefCounted> sink) {
    held.forEach(sink);
  }

  @Override
  protected void destroy() {
    destructions.incrementAndGet();
    held.forEach(RefCounted::decRef);
    held.clear();
  }
}
