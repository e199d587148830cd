package dev.jkernfs.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * A fuzz input decoded: a few header bytes that configure the run (a dentry cache limit, a thread
 * count) and the steps that follow, four bytes each.
 *
 * <p>The format is its own inverse: {@link #encode()} gives bytes that decode to the same script,
 * which is how a minimised script is saved as a regression input. Trailing bytes that do not make a
 * whole step are ignored.
 *
 * @param header the header bytes, zero-padded to the language's header size
 * @param steps the steps in order
 */
// The header array is never changed after decoding.
@SuppressWarnings("ArrayRecordComponent")
record Script(byte[] header, List<Step> steps) {

  Script {
    steps = List.copyOf(steps);
  }

  /**
   * Decodes {@code data}: the first {@code headerSize} bytes, then up to {@code maxSteps} steps
   * whose action byte is reduced modulo {@code actionCount}.
   */
  static Script decode(byte[] data, int headerSize, int actionCount, int maxSteps) {
    byte[] header = new byte[headerSize];
    System.arraycopy(data, 0, header, 0, Math.min(headerSize, data.length));
    List<Step> steps = new ArrayList<>();
    for (int at = headerSize; at + Step.SIZE <= data.length && steps.size() < maxSteps; ) {
      int action = Byte.toUnsignedInt(data[at++]) % actionCount;
      steps.add(
          new Step(
              action,
              Byte.toUnsignedInt(data[at++]),
              Byte.toUnsignedInt(data[at++]),
              Byte.toUnsignedInt(data[at++])));
    }
    return new Script(header, steps);
  }

  /** The header byte at {@code index}, unsigned. */
  int header(int index) {
    return Byte.toUnsignedInt(header[index]);
  }

  Script withSteps(List<Step> newSteps) {
    return new Script(header, newSteps);
  }

  byte[] encode() {
    byte[] out = new byte[header.length + steps.size() * Step.SIZE];
    System.arraycopy(header, 0, out, 0, header.length);
    int at = header.length;
    for (Step step : steps) {
      out[at++] = (byte) step.action();
      out[at++] = (byte) step.a();
      out[at++] = (byte) step.b();
      out[at++] = (byte) step.c();
    }
    return out;
  }
}
