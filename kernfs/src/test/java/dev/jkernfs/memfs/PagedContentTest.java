package dev.jkernfs.memfs;

import static dev.jkernfs.memfs.PagedContent.MAX_SIZE;
import static dev.jkernfs.memfs.PagedContent.PAGE_SIZE;
import static dev.jkernfs.memfs.SpaceQuota.UNLIMITED;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.ErrnoException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;
import java.util.BitSet;
import java.util.SplittableRandom;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PagedContentTest {
  private final SpaceQuota quota = new SpaceQuota(UNLIMITED, UNLIMITED);
  private final PagedContent content = new PagedContent(quota);

  @Test
  void newContentIsEmptyAndCostsNothing() {
    assertThat(content.size()).isZero();
    assertThat(content.allocatedBytes()).isZero();
    assertThat(content.read(0, ByteBuffer.allocate(1))).isEqualTo(-1);
  }

  @Test
  void readsBackWhatWasWritten() {
    byte[] data = "hello, pages".getBytes(US_ASCII);

    assertThat(content.write(0, ByteBuffer.wrap(data))).isEqualTo(data.length);

    assertThat(content.size()).isEqualTo(data.length);
    assertThat(contents(content)).isEqualTo(data);
    assertThat(content.allocatedBytes()).isEqualTo(PAGE_SIZE);
    assertThat(quota.usedBytes()).isEqualTo(PAGE_SIZE);
  }

  @Test
  void aSmallFileGrowsThroughItsShortFirstPageWithoutLosingBytesOrZeros() throws IOException {
    byte[] first = pattern(100, 1);
    write(content, 0, first);
    write(content, 300, pattern(50, 2)); // the first page doubles past a hole
    content.truncate(120); // shrinking must clear what lay past the new end
    content.truncate(5000); // and growing inside the first page must read zeros there
    write(content, PAGE_SIZE + 3, pattern(7, 3)); // a second page makes the first whole

    byte[] expected = new byte[PAGE_SIZE + 10];
    System.arraycopy(first, 0, expected, 0, 100);
    System.arraycopy(pattern(7, 3), 0, expected, PAGE_SIZE + 3, 7);
    assertThat(contents(content)).isEqualTo(expected);
    assertThat(content.allocatedBytes()).isEqualTo(2L * PAGE_SIZE);

    PagedContent small = new PagedContent(quota);
    write(small, 0, pattern(10, 4));
    assertThat(small.transferFrom(source(pattern(3000, 5)), 10, 3000)).isEqualTo(3000);
    byte[] joined = new byte[3010];
    System.arraycopy(pattern(10, 4), 0, joined, 0, 10);
    System.arraycopy(pattern(3000, 5), 0, joined, 10, 3000);
    assertThat(contents(small)).isEqualTo(joined);
  }

  @Test
  void holesReadAsZerosAndCostNothing() {
    byte[] data = pattern(10, 1);
    long offset = 3L * PAGE_SIZE + 5;

    write(content, offset, data);

    assertThat(content.size()).isEqualTo(offset + data.length);
    assertThat(read(content, 0, (int) offset)).containsOnly(0);
    assertThat(read(content, offset, data.length)).isEqualTo(data);
    assertThat(content.allocatedBytes()).isEqualTo(PAGE_SIZE);
  }

  @Test
  void readAtOrPastTheEndReturnsMinusOne() {
    write(content, 0, pattern(100, 1));

    assertThat(content.read(100, ByteBuffer.allocate(10))).isEqualTo(-1);
    assertThat(content.read(1_000_000, ByteBuffer.allocate(10))).isEqualTo(-1);
    assertThat(content.read(100, new byte[10], 0, 10)).isEqualTo(-1);
  }

  @Test
  void readIntoAFullBufferReturnsZeroEvenAtTheEnd() {
    write(content, 0, pattern(100, 1));

    assertThat(content.read(10, ByteBuffer.allocate(0))).isZero();
    assertThat(content.read(100, ByteBuffer.allocate(0))).isZero();
    assertThat(content.read(100, new byte[10], 3, 0)).isZero();
  }

  @Test
  void readStopsAtTheEndOfTheFile() {
    byte[] data = pattern(100, 1);
    write(content, 0, data);
    ByteBuffer dst = ByteBuffer.allocate(50);

    assertThat(content.read(80, dst)).isEqualTo(20);

    assertThat(dst.position()).isEqualTo(20);
    assertThat(Arrays.copyOf(dst.array(), 20)).isEqualTo(Arrays.copyOfRange(data, 80, 100));
  }

  @Test
  void writesAndReadsCrossPageBoundaries() {
    byte[] data = pattern(3 * PAGE_SIZE, 7);
    long offset = PAGE_SIZE - 7;

    write(content, offset, data);

    assertThat(read(content, offset, data.length)).isEqualTo(data);
    assertThat(read(content, PAGE_SIZE - 2, 4)).isEqualTo(Arrays.copyOfRange(data, 5, 9));
    assertThat(content.allocatedBytes()).isEqualTo(4L * PAGE_SIZE);
  }

  @Test
  void overwriteInsideTheFileKeepsItsSize() {
    byte[] expected = pattern(2 * PAGE_SIZE, 1);
    write(content, 0, expected);

    write(content, PAGE_SIZE - 1, new byte[] {9, 9});

    expected[PAGE_SIZE - 1] = 9;
    expected[PAGE_SIZE] = 9;
    assertThat(content.size()).isEqualTo(2L * PAGE_SIZE);
    assertThat(contents(content)).isEqualTo(expected);
  }

  @Test
  void zeroByteWriteChangesNothing() {
    write(content, 0, pattern(10, 1));

    assertThat(content.write(1L << 40, ByteBuffer.allocate(0))).isZero();
    assertThat(content.write(MAX_SIZE + 1, ByteBuffer.allocate(0))).isZero();

    assertThat(content.size()).isEqualTo(10);
    assertThat(content.allocatedBytes()).isEqualTo(PAGE_SIZE);
  }

  @Test
  void heapBuffersAreReadAndWrittenFromTheirPositionInsideABackingArray() {
    byte[] data = pattern(PAGE_SIZE + 20, 3);
    // A slice of a larger array has a non-zero arrayOffset on top of its position.
    ByteBuffer src = ByteBuffer.wrap(data, 5, data.length - 5).slice().position(3);

    assertThat(content.write(PAGE_SIZE - 10, src)).isEqualTo(data.length - 8);

    assertThat(src.hasRemaining()).isFalse();
    byte[] backing = new byte[data.length + 9];
    ByteBuffer dst = ByteBuffer.wrap(backing, 4, data.length).slice().position(2);
    assertThat(content.read(PAGE_SIZE - 10, dst)).isEqualTo(data.length - 8);
    assertThat(dst.position()).isEqualTo(data.length - 6);
    assertThat(Arrays.copyOfRange(backing, 6, 6 + data.length - 8))
        .isEqualTo(Arrays.copyOfRange(data, 8, data.length));
    assertThat(backing).startsWith(0, 0, 0, 0, 0, 0);
  }

  @Test
  void directBuffersAreReadAndWrittenAcrossPagesAndHoles() {
    byte[] data = pattern(2 * PAGE_SIZE + 100, 5);
    ByteBuffer src = ByteBuffer.allocateDirect(data.length).put(data).flip();
    long offset = 3L * PAGE_SIZE - 50;

    assertThat(content.write(offset, src)).isEqualTo(data.length);
    assertThat(src.hasRemaining()).isFalse();

    // Starts in a hole, so the read copies zeros and pages alike into the direct buffer.
    ByteBuffer dst = ByteBuffer.allocateDirect(data.length + 1000);
    assertThat(content.read(offset - 1000, dst)).isEqualTo(data.length + 1000);
    assertThat(dst.hasRemaining()).isFalse();
    byte[] copied = new byte[dst.flip().remaining()];
    dst.get(copied);
    assertThat(Arrays.copyOf(copied, 1000)).containsOnly(0);
    assertThat(Arrays.copyOfRange(copied, 1000, copied.length)).isEqualTo(data);
  }

  @Test
  void readOnlyBuffersCanBeWritten() {
    byte[] data = pattern(PAGE_SIZE + 1, 2);

    content.write(1, ByteBuffer.wrap(data).asReadOnlyBuffer());

    assertThat(read(content, 1, data.length)).isEqualTo(data);
  }

  @Test
  void byteArrayReadHonoursTheOffsetAndItsBounds() {
    write(content, 0, pattern(10, 1));
    byte[] dst = new byte[8];

    assertThat(content.read(2, dst, 3, 5)).isEqualTo(5);

    assertThat(dst).startsWith(0, 0, 0).endsWith(Arrays.copyOfRange(pattern(10, 1), 2, 7));
    assertThatExceptionOfType(IndexOutOfBoundsException.class)
        .isThrownBy(() -> content.read(0, dst, 4, 5));
  }

  @Test
  void truncateDownThenUpReadsZerosWhereTheOldBytesWere() {
    write(content, 0, pattern(3 * PAGE_SIZE, 1));

    content.truncate(PAGE_SIZE + 100);
    content.truncate(3L * PAGE_SIZE);

    assertThat(read(content, 0, PAGE_SIZE + 100))
        .isEqualTo(Arrays.copyOf(pattern(3 * PAGE_SIZE, 1), PAGE_SIZE + 100));
    assertThat(read(content, PAGE_SIZE + 100, 2 * PAGE_SIZE - 100)).containsOnly(0);
  }

  @Test
  void truncateDownFreesWholePagesPastTheEnd() {
    write(content, 0, pattern(4 * PAGE_SIZE, 1));

    content.truncate(PAGE_SIZE + 1);

    assertThat(content.size()).isEqualTo(PAGE_SIZE + 1);
    assertThat(content.allocatedBytes()).isEqualTo(2L * PAGE_SIZE);
    assertThat(quota.usedBytes()).isEqualTo(2L * PAGE_SIZE);

    content.truncate(PAGE_SIZE);
    assertThat(content.allocatedBytes()).isEqualTo(PAGE_SIZE);
    assertThat(quota.usedBytes()).isEqualTo(PAGE_SIZE);
  }

  @Test
  void truncateUpLeavesAHoleThatCostsNothing() {
    content.truncate(10L * PAGE_SIZE);

    assertThat(content.size()).isEqualTo(10L * PAGE_SIZE);
    assertThat(content.allocatedBytes()).isZero();
    assertThat(read(content, 0, 10 * PAGE_SIZE)).containsOnly(0);
  }

  @Test
  void writeAfterTruncatingAFarSparsePageAwayStillWorks() {
    write(content, 1L << 30, pattern(10, 1));
    content.truncate(0);

    write(content, PAGE_SIZE, pattern(10, 2));

    assertThat(content.size()).isEqualTo(PAGE_SIZE + 10);
    assertThat(read(content, PAGE_SIZE, 10)).isEqualTo(pattern(10, 2));
    assertThat(content.allocatedBytes()).isEqualTo(PAGE_SIZE);
  }

  @Test
  void offsetsFarPastTwoGibibytesCostOnlyThePagesTheyTouch() {
    long offset = 5L << 30;
    byte[] data = pattern(10, 9);

    write(content, offset, data);

    assertThat(content.size()).isEqualTo(offset + 10);
    assertThat(content.allocatedBytes()).isEqualTo(PAGE_SIZE);
    assertThat(read(content, offset, 10)).isEqualTo(data);
    assertThat(read(content, offset - 100, 100)).containsOnly(0);
    assertThat(read(content, 3L << 30, 100)).containsOnly(0);

    long straddling = offset + 3L * PAGE_SIZE - 4;
    write(content, straddling, data);

    assertThat(content.size()).isEqualTo(straddling + 10);
    assertThat(content.allocatedBytes()).isEqualTo(3L * PAGE_SIZE);
    assertThat(read(content, straddling, 10)).isEqualTo(data);
    assertThat(content.read(straddling + 10, ByteBuffer.allocate(1))).isEqualTo(-1);
  }

  @Test
  void fileOfTheMaximumSizeReadsZerosAtItsEnd() {
    content.truncate(MAX_SIZE);

    ByteBuffer dst = ByteBuffer.allocate(20);
    assertThat(content.read(MAX_SIZE - 10, dst)).isEqualTo(10);
    assertThat(dst.array()).containsOnly(0);
    assertThat(content.read(MAX_SIZE, ByteBuffer.allocate(1))).isEqualTo(-1);
    assertThat(content.allocatedBytes()).isZero();
  }

  @Test
  void growingPastTheMaximumSizeFailsWithEfbigAndChangesNothing() {
    write(content, 0, pattern(10, 1));
    ByteBuffer src = ByteBuffer.wrap(pattern(10, 2));

    assertFails(Errno.EFBIG, () -> content.write(MAX_SIZE - 5, src));
    assertFails(Errno.EFBIG, () -> content.write(MAX_SIZE, src));
    assertFails(Errno.EFBIG, () -> content.write(Long.MAX_VALUE - 3, src));
    assertFails(Errno.EFBIG, () -> content.truncate(MAX_SIZE + 1));

    assertThat(src.position()).isZero();
    assertThat(content.size()).isEqualTo(10);
    assertThat(contents(content)).isEqualTo(pattern(10, 1));
    assertThat(quota.usedBytes()).isEqualTo(PAGE_SIZE);
  }

  @Test
  void negativeOffsetsAndSizesAreInvalid() {
    assertFails(Errno.EINVAL, () -> content.write(-1, ByteBuffer.allocate(1)));
    assertFails(Errno.EINVAL, () -> content.read(-1, ByteBuffer.allocate(1)));
    assertFails(Errno.EINVAL, () -> content.read(-1, new byte[1], 0, 1));
    assertFails(Errno.EINVAL, () -> content.truncate(-1));
    assertFails(Errno.EINVAL, () -> content.transferTo(-1, 1, sink(new ByteArrayOutputStream())));
    assertFails(Errno.EINVAL, () -> content.transferTo(0, -1, sink(new ByteArrayOutputStream())));
    assertFails(Errno.EINVAL, () -> content.transferFrom(source(new byte[1]), -1, 1));
    assertFails(Errno.EINVAL, () -> content.transferFrom(source(new byte[1]), 0, -1));
  }

  @Test
  void writeThatDoesNotFitChangesNothing() {
    SpaceQuota small = new SpaceQuota(3L * PAGE_SIZE, UNLIMITED);
    PagedContent file = new PagedContent(small);
    byte[] before = pattern(2 * PAGE_SIZE, 1);
    write(file, 0, before);
    // Overwrites the second page and needs two new ones, but only one is left.
    ByteBuffer src = ByteBuffer.wrap(pattern(2 * PAGE_SIZE + 10, 2));

    assertFails(Errno.ENOSPC, () -> file.write(PAGE_SIZE + 5, src));

    assertThat(src.position()).isZero();
    assertThat(file.size()).isEqualTo(2L * PAGE_SIZE);
    assertThat(contents(file)).isEqualTo(before);
    assertThat(file.allocatedBytes()).isEqualTo(2L * PAGE_SIZE);
    assertThat(small.usedBytes()).isEqualTo(2L * PAGE_SIZE);

    // The page that is left still serves a write that needs only it.
    write(file, 2L * PAGE_SIZE, pattern(PAGE_SIZE, 3));
    assertThat(small.usedBytes()).isEqualTo(3L * PAGE_SIZE);
  }

  @Test
  void sparseWriteThatDoesNotFitLeavesTheSizeAlone() {
    SpaceQuota small = new SpaceQuota(PAGE_SIZE, UNLIMITED);
    PagedContent file = new PagedContent(small);
    write(file, 0, pattern(10, 1));

    assertFails(Errno.ENOSPC, () -> file.write(100L * PAGE_SIZE, ByteBuffer.allocate(1)));

    assertThat(file.size()).isEqualTo(10);
    assertThat(small.usedBytes()).isEqualTo(PAGE_SIZE);
  }

  @Test
  void overwritingAllocatedPagesNeedsNoQuota() {
    SpaceQuota small = new SpaceQuota(2L * PAGE_SIZE, UNLIMITED);
    PagedContent file = new PagedContent(small);
    write(file, 0, pattern(2 * PAGE_SIZE, 1));

    write(file, 10, pattern(2 * PAGE_SIZE - 10, 2));

    assertThat(read(file, 10, 2 * PAGE_SIZE - 10)).isEqualTo(pattern(2 * PAGE_SIZE - 10, 2));
    assertThat(small.usedBytes()).isEqualTo(2L * PAGE_SIZE);
  }

  @Test
  void releaseReturnsAllQuotaAndEmptiesTheFile() {
    PagedContent other = new PagedContent(quota);
    write(other, 0, pattern(10, 1));
    write(content, 0, pattern(2 * PAGE_SIZE, 1));
    write(content, 40L * PAGE_SIZE, pattern(10, 2));

    content.release();

    assertThat(content.size()).isZero();
    assertThat(content.allocatedBytes()).isZero();
    assertThat(content.read(0, ByteBuffer.allocate(1))).isEqualTo(-1);
    // Only the released file's pages come back.
    assertThat(quota.usedBytes()).isEqualTo(PAGE_SIZE);

    other.release();
    assertThat(quota.usedBytes()).isZero();
  }

  @Test
  void transferToCopiesPagesAndHoles() throws IOException {
    write(content, PAGE_SIZE + 3, pattern(2 * PAGE_SIZE, 4));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThat(content.transferTo(0, Long.MAX_VALUE, sink(out))).isEqualTo(content.size());

    assertThat(out.toByteArray()).isEqualTo(contents(content));
  }

  @Test
  void transferToCopiesOnlyTheRequestedRange() throws IOException {
    byte[] data = pattern(3 * PAGE_SIZE, 4);
    write(content, 0, data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThat(content.transferTo(PAGE_SIZE - 1, PAGE_SIZE + 2, sink(out)))
        .isEqualTo(PAGE_SIZE + 2);

    assertThat(out.toByteArray())
        .isEqualTo(Arrays.copyOfRange(data, PAGE_SIZE - 1, 2 * PAGE_SIZE + 1));
    assertThat(content.transferTo(3L * PAGE_SIZE, 10, sink(out))).isZero();
  }

  @Test
  @Timeout(10) // A transfer that kept offering to a full target would spin forever.
  void transferToStopsWhenTheTargetTakesLessThanOffered() throws IOException {
    write(content, 0, pattern(3 * PAGE_SIZE, 4));
    ThrottledSink target = new ThrottledSink(PAGE_SIZE + 100);

    assertThat(content.transferTo(0, Long.MAX_VALUE, target)).isEqualTo(PAGE_SIZE + 100);
  }

  @Test
  void transferToNeverLetsATargetWriteIntoTheSharedZeroPage() throws IOException {
    content.truncate(2L * PAGE_SIZE);

    content.transferTo(0, Long.MAX_VALUE, new ScribblingSink());

    PagedContent other = new PagedContent(quota);
    other.truncate(PAGE_SIZE);
    assertThat(read(other, 0, PAGE_SIZE)).containsOnly(0);
  }

  @Test
  void transferFromReadsTheWholeSourceIntoPages() throws IOException {
    byte[] data = pattern(3 * PAGE_SIZE + 500, 6);

    assertThat(content.transferFrom(source(data), 100, Long.MAX_VALUE)).isEqualTo(data.length);

    assertThat(content.size()).isEqualTo(100 + data.length);
    assertThat(read(content, 0, 100)).containsOnly(0);
    assertThat(read(content, 100, data.length)).isEqualTo(data);
    assertThat(content.allocatedBytes()).isEqualTo(4L * PAGE_SIZE);
    assertThat(quota.usedBytes()).isEqualTo(4L * PAGE_SIZE);
  }

  @Test
  void transferFromStopsAfterCountBytes() throws IOException {
    byte[] data = pattern(3 * PAGE_SIZE, 6);

    assertThat(content.transferFrom(source(data), 0, PAGE_SIZE + 1)).isEqualTo(PAGE_SIZE + 1);

    assertThat(contents(content)).isEqualTo(Arrays.copyOf(data, PAGE_SIZE + 1));
    assertThat(content.allocatedBytes()).isEqualTo(2L * PAGE_SIZE);
  }

  @Test
  void transferFromAnEmptySourceAllocatesNothing() throws IOException {
    assertThat(content.transferFrom(source(new byte[0]), 5L * PAGE_SIZE, 100)).isZero();

    assertThat(content.size()).isZero();
    assertThat(content.allocatedBytes()).isZero();
    assertThat(quota.usedBytes()).isZero();
  }

  @Test
  void transferFromKeepsWhatLandedWhenTheQuotaRunsOut() throws IOException {
    SpaceQuota small = new SpaceQuota(2L * PAGE_SIZE, UNLIMITED);
    PagedContent file = new PagedContent(small);
    byte[] data = pattern(5 * PAGE_SIZE, 6);

    assertThat(file.transferFrom(source(data), 0, Long.MAX_VALUE)).isEqualTo(2L * PAGE_SIZE);

    assertThat(contents(file)).isEqualTo(Arrays.copyOf(data, 2 * PAGE_SIZE));
    // Nothing at all fits now, which is an error rather than a short count.
    assertFails(Errno.ENOSPC, () -> file.transferFrom(source(data), 2L * PAGE_SIZE, 10));
    assertThat(file.size()).isEqualTo(2L * PAGE_SIZE);
    assertThat(small.usedBytes()).isEqualTo(2L * PAGE_SIZE);
  }

  @Test
  void transferFromAFailingSourceGivesBackThePageItAllocated() {
    ReadableByteChannel failing = new FailingSource(0);

    assertThatIOException().isThrownBy(() -> content.transferFrom(failing, PAGE_SIZE, 10));

    assertThat(content.size()).isZero();
    assertThat(content.allocatedBytes()).isZero();
    assertThat(quota.usedBytes()).isZero();
    // The page is gone, not just uncounted: using it again charges and refunds it exactly once.
    write(content, PAGE_SIZE, pattern(10, 1));
    assertThat(quota.usedBytes()).isEqualTo(PAGE_SIZE);
    content.release();
    assertThat(quota.usedBytes()).isZero();
  }

  @Test
  void transferFromAFailingSourceLeavesNoGarbagePastTheEnd() {
    byte[] data = pattern(100, 1);
    write(content, 0, data);
    // Fills 500 bytes of the buffer before it fails, 450 of them past the end of the file.
    ReadableByteChannel failing = new FailingSource(500);

    assertThatIOException().isThrownBy(() -> content.transferFrom(failing, 50, 1000));

    assertThat(content.size()).isEqualTo(100);
    content.truncate(PAGE_SIZE);
    assertThat(read(content, 100, PAGE_SIZE - 100)).containsOnly(0);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 20_240_607})
  void behavesLikeAGrowableByteArrayUnderRandomOperations(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    ArrayModel model = new ArrayModel();

    for (int step = 0; step < 2_000; step++) {
      int op = random.nextInt(10);
      if (op < 5) {
        int offset = random.nextInt(100_000);
        byte[] data = new byte[random.nextInt(3 * PAGE_SIZE)];
        random.nextBytes(data);
        assertThat(content.write(offset, buffer(data, random))).isEqualTo(data.length);
        model.write(offset, data);
      } else if (op < 8) {
        int offset = random.nextInt(110_000);
        int length = random.nextInt(3 * PAGE_SIZE);
        byte[] dst = new byte[length];
        int count = readRandomly(content, offset, dst, random);
        assertThat(count)
            .as("step %d: read(%d, %d)", step, offset, length)
            .isEqualTo(model.readCount(offset, length));
        if (count > 0) {
          assertThat(Arrays.copyOf(dst, count))
              .isEqualTo(Arrays.copyOfRange(model.bytes, offset, offset + count));
        }
      } else {
        int newSize = random.nextInt(100_000);
        content.truncate(newSize);
        model.truncate(newSize);
      }

      assertThat(content.size()).as("step %d", step).isEqualTo(model.size);
      assertThat(contents(content))
          .as("step %d", step)
          .isEqualTo(Arrays.copyOf(model.bytes, model.size));
      assertThat(content.allocatedBytes())
          .as("step %d", step)
          .isEqualTo((long) model.pages.cardinality() * PAGE_SIZE)
          .isEqualTo(quota.usedBytes());
    }

    content.release();
    assertThat(quota.usedBytes()).isZero();
  }

  /** The reference the differential test checks against: an array plus the pages writes touched. */
  private static final class ArrayModel {
    byte[] bytes = new byte[0];
    int size;
    final BitSet pages = new BitSet();

    void write(int offset, byte[] data) {
      if (data.length == 0) {
        return;
      }
      int end = offset + data.length;
      ensureCapacity(end);
      System.arraycopy(data, 0, bytes, offset, data.length);
      size = Math.max(size, end);
      pages.set(offset / PAGE_SIZE, (end - 1) / PAGE_SIZE + 1);
    }

    void truncate(int newSize) {
      ensureCapacity(newSize);
      if (newSize < size) {
        Arrays.fill(bytes, newSize, size, (byte) 0);
        pages.clear((newSize + PAGE_SIZE - 1) / PAGE_SIZE, Integer.MAX_VALUE);
      }
      size = newSize;
    }

    int readCount(int offset, int length) {
      if (length == 0) {
        return 0;
      }
      return offset >= size ? -1 : Math.min(length, size - offset);
    }

    private void ensureCapacity(int length) {
      if (length > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(length, 2 * bytes.length));
      }
    }
  }

  /** Wraps {@code data} in a randomly chosen kind of buffer, so every copy path gets exercised. */
  private static ByteBuffer buffer(byte[] data, SplittableRandom random) {
    return switch (random.nextInt(4)) {
      case 0 -> ByteBuffer.wrap(data);
      case 1 -> {
        // A slice of a larger array: a non-zero arrayOffset on top of a non-zero position.
        byte[] padded = new byte[data.length + 11];
        System.arraycopy(data, 0, padded, 11, data.length);
        yield ByteBuffer.wrap(padded, 4, data.length + 7).slice().position(7);
      }
      case 2 -> ByteBuffer.allocateDirect(data.length).put(data).flip();
      default -> ByteBuffer.wrap(data).asReadOnlyBuffer();
    };
  }

  /** Reads into {@code dst} through a randomly chosen read path and returns the read's result. */
  private static int readRandomly(
      PagedContent content, long offset, byte[] dst, SplittableRandom random) {
    return switch (random.nextInt(3)) {
      case 0 -> content.read(offset, dst, 0, dst.length);
      case 1 -> content.read(offset, ByteBuffer.wrap(dst));
      default -> {
        ByteBuffer direct = ByteBuffer.allocateDirect(dst.length);
        int count = content.read(offset, direct);
        direct.flip().get(dst, 0, direct.remaining());
        yield count;
      }
    };
  }

  private static void write(PagedContent content, long offset, byte[] data) {
    assertThat(content.write(offset, ByteBuffer.wrap(data))).isEqualTo(data.length);
  }

  private static byte[] read(PagedContent content, long offset, int length) {
    byte[] dst = new byte[length];
    assertThat(content.read(offset, dst, 0, length)).isEqualTo(length);
    return dst;
  }

  private static byte[] contents(PagedContent content) {
    return content.size() == 0 ? new byte[0] : read(content, 0, Math.toIntExact(content.size()));
  }

  /** Returns {@code length} bytes that differ from page to page and from seed to seed. */
  private static byte[] pattern(int length, int seed) {
    byte[] data = new byte[length];
    for (int i = 0; i < length; i++) {
      data[i] = (byte) (i * 31 + seed * 7 + i / PAGE_SIZE + 1);
    }
    return data;
  }

  private static WritableByteChannel sink(ByteArrayOutputStream out) {
    return Channels.newChannel(out);
  }

  private static ReadableByteChannel source(byte[] data) {
    return Channels.newChannel(new ByteArrayInputStream(data));
  }

  private static void assertFails(Errno expected, ThrowingCallable call) {
    assertThatExceptionOfType(ErrnoException.class)
        .isThrownBy(call)
        .satisfies(e -> assertThat(e.errno()).isEqualTo(expected));
  }

  /** The part every test channel shares: it is always open and closing it does nothing. */
  private abstract static class OpenChannel implements Channel {
    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public void close() {}
  }

  /** A non-blocking target that accepts a fixed number of bytes and then nothing more. */
  private static final class ThrottledSink extends OpenChannel implements WritableByteChannel {
    private int room;

    ThrottledSink(int room) {
      this.room = room;
    }

    @Override
    public int write(ByteBuffer src) {
      int n = Math.min(room, src.remaining());
      src.position(src.position() + n);
      room -= n;
      return n;
    }
  }

  /** A target that overwrites every buffer it can reach, as a broken one might. */
  private static final class ScribblingSink extends OpenChannel implements WritableByteChannel {
    @Override
    public int write(ByteBuffer src) {
      int n = src.remaining();
      if (src.hasArray()) {
        int start = src.arrayOffset() + src.position();
        Arrays.fill(src.array(), start, start + n, (byte) 0x7f);
      }
      src.position(src.limit());
      return n;
    }
  }

  /** A source that fills some of the buffer with garbage and then fails, as a broken one might. */
  private static final class FailingSource extends OpenChannel implements ReadableByteChannel {
    private final int garbage;

    FailingSource(int garbage) {
      this.garbage = garbage;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      for (int i = 0; i < garbage && dst.hasRemaining(); i++) {
        dst.put((byte) 0x5a);
      }
      throw new IOException("source failed");
    }
  }
}
