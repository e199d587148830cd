package dev.jkernfs.proc;

import static dev.jkernfs.proc.ProcFixture.assertErrno;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jkernfs.vfs.DirEntry;
import dev.jkernfs.vfs.Errno;
import dev.jkernfs.vfs.ErrnoException;
import dev.jkernfs.vfs.FileDescription;
import dev.jkernfs.vfs.FileDescriptionImpl.DirSink;
import dev.jkernfs.vfs.FileMode;
import dev.jkernfs.vfs.OpenOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Application objects published through {@link ProcType#publishing}. */
class PublishedEntriesTest {
  /** An application object: a job with a status and a priority the application validates. */
  static final class Job {
    final String id;
    volatile String status = "queued";
    private volatile int priority = 5;

    Job(String id) {
      this.id = id;
    }

    int priority() {
      return priority;
    }

    void setPriority(int priority) {
      if (priority < 0 || priority > 10) {
        throw new IllegalArgumentException("priority must be between 0 and 10: " + priority);
      }
      this.priority = priority;
    }
  }

  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final AtomicReference<String> mode = new AtomicReference<>("normal");
  private ProcFixture fx =
      new ProcFixture(
          ProcType.publishing(
              root ->
                  root.file("version", () -> "1.4.2\n")
                      .binaryFile("blob", () -> new byte[] {0, 1, 2, (byte) 0xff})
                      .directory(
                          "app",
                          app ->
                              app.writableFile(
                                  "mode",
                                  () -> mode.get() + "\n",
                                  text -> text,
                                  text -> {
                                    if (!text.equals("normal") && !text.equals("debug")) {
                                      throw new IllegalArgumentException("unknown mode " + text);
                                    }
                                    mode.set(text);
                                  }))
                      .collection("jobs", jobs, PublishedEntriesTest::describeJob)),
          Map.of());

  private static void describeJob(Job job, ProcDirectory dir) {
    dir.file("status", () -> job.status + "\n")
        .writableFile("priority", () -> job.priority() + "\n", Integer::parseInt, job::setPriority)
        .directory("meta", meta -> meta.file("id", () -> job.id + "\n"));
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private Job publish(String id) {
    Job job = new Job(id);
    jobs.put(id, job);
    return job;
  }

  @Test
  void filesShowWhatTheirSuppliersReturn() {
    assertThat(fx.read("/proc/version")).isEqualTo("1.4.2\n");
    FileDescription blob = fx.open("/proc/blob", OpenOptions.READ);
    ByteBuffer bytes = ByteBuffer.allocate(8);
    assertThat(blob.read(bytes)).isEqualTo(4);
    assertThat(Arrays.copyOf(bytes.array(), 4)).containsExactly(0, 1, 2, 0xff);
    assertThat(fx.list("/proc/app")).containsExactly("mode");
    assertThat(fx.vfs.stat(fx.op("/proc/app/mode")).mode()).isEqualTo(FileMode.S_IFREG | 0644);
  }

  @Test
  void publishedObjectsAppearAndDisappearWithTheApplicationsMap() {
    assertThat(fx.list("/proc/jobs")).isEmpty();
    Job job = publish("42");
    assertThat(fx.list("/proc/jobs")).containsExactly("42");
    assertThat(fx.list("/proc/jobs/42")).containsExactly("status", "priority", "meta");
    assertThat(fx.read("/proc/jobs/42/status")).isEqualTo("queued\n");
    job.status = "running";
    assertThat(fx.read("/proc/jobs/42/status")).isEqualTo("running\n");
    assertThat(fx.read("/proc/jobs/42/meta/id")).isEqualTo("42\n");

    jobs.remove("42");
    assertErrno(Errno.ENOENT, () -> fx.vfs.stat(fx.op("/proc/jobs/42/status")));
    assertErrno(Errno.ENOENT, () -> fx.vfs.stat(fx.op("/proc/jobs/42/meta/id")));
    assertErrno(Errno.ENOENT, () -> fx.vfs.stat(fx.op("/proc/jobs/42")));
    assertThat(fx.list("/proc/jobs")).isEmpty();
  }

  @Test
  void anObjectReplacedUnderTheSameNameIsShownInstead() {
    publish("7").status = "old";
    assertThat(fx.read("/proc/jobs/7/status")).isEqualTo("old\n");
    publish("7").status = "new";
    assertThat(fx.read("/proc/jobs/7/status")).isEqualTo("new\n");
  }

  @Test
  void anOpenFileOfARemovedObjectStaysReadableAndNothingIsLeftOnceClosed() {
    Job job = publish("9");
    fx.vfs.stat(fx.op("/proc/jobs"));
    long live = fx.procFs().liveDentries();
    long inodes = fx.procFs().liveInodes();
    FileDescription status = fx.open("/proc/jobs/9/status", OpenOptions.READ);
    jobs.remove("9");
    job.status = "done";
    assertThat(ProcFixture.readAll(status)).isEqualTo("done\n");
    status.close();
    assertThat(fx.procFs().liveDentries()).isEqualTo(live);
    assertThat(fx.procFs().liveInodes()).isEqualTo(inodes);
  }

  @Test
  void writableFileHandsParsedInputToTheCallback() {
    Job job = publish("1");
    fx.write("/proc/jobs/1/priority", "7\n");
    assertThat(job.priority()).isEqualTo(7);
    assertThat(fx.read("/proc/jobs/1/priority")).isEqualTo("7\n");
    fx.write("/proc/app/mode", "debug");
    assertThat(mode).hasValue("debug");
  }

  @Test
  void inputTheParserOrTheCallbackRejectsFailsWithEinvalAndChangesNothing() {
    Job job = publish("1");
    for (String input : List.of("high\n", "11\n", "-1", "", "7\n\n")) {
      assertThatThrownBy(() -> fx.write("/proc/jobs/1/priority", input))
          .as(input)
          .isInstanceOfSatisfying(
              ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EINVAL));
    }
    assertThat(job.priority()).isEqualTo(5);
    assertThatThrownBy(() -> fx.write("/proc/app/mode", "loud"))
        .isInstanceOfSatisfying(
            ErrnoException.class, e -> assertThat(e.detail()).isEqualTo("unknown mode loud"));
    assertThat(mode).hasValue("normal");
  }

  @Test
  void writingAFileOfARemovedObjectStillReachesIt() {
    Job job = publish("3");
    FileDescription priority = fx.open("/proc/jobs/3/priority", ProcFixture.READ_WRITE);
    jobs.remove("3");
    priority.write(ByteBuffer.wrap("9".getBytes(StandardCharsets.UTF_8)));
    assertThat(job.priority()).isEqualTo(9);
  }

  @Test
  void listingACollectionResumesWithoutRepeatsOrSkipsWhileEntriesComeAndGo() {
    for (int i = 0; i < 10; i++) {
      publish("job" + i);
    }
    FileDescription dir = fx.open("/proc/jobs", OpenOptions.DIRECTORY);
    List<String> first = new ArrayList<>();
    dir.readdir(sink(first, 2 + 4)); // the dot entries and four jobs
    List<String> firstJobs = first.subList(2, first.size());
    assertThat(firstJobs).hasSize(4);
    List<String> notYetListed = new ArrayList<>(jobs.keySet());
    notYetListed.removeAll(firstJobs);

    jobs.remove(firstJobs.get(0));
    jobs.remove(notYetListed.get(0));
    publish("late");
    List<String> rest = new ArrayList<>();
    dir.readdir(sink(rest, Integer.MAX_VALUE));

    List<String> expected = new ArrayList<>(notYetListed.subList(1, notYetListed.size()));
    expected.add("late");
    assertThat(rest).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(rest.get(rest.size() - 1)).isEqualTo("late");
  }

  private static DirSink sink(List<String> names, int limit) {
    return (DirEntry entry) -> {
      if (names.size() == limit) {
        return false;
      }
      names.add(entry.name());
      return true;
    };
  }

  @Test
  void aMillionLookupsOverChurningEntriesKeepAtMostTheCacheLimitPlusTheDepth() {
    fx.close();
    int limit = 64;
    fx =
        new ProcFixture(
            ProcType.publishing(
                root -> root.collection("jobs", jobs, PublishedEntriesTest::describeJob)),
            Map.of(ProcType.DENTRY_CACHE_LIMIT, limit));
    ProcFilesystem fs = fx.procFs();
    fx.vfs.stat(fx.op("/proc/jobs"));
    long depth = fs.liveDentries(); // proc's root and "jobs", both pinned
    SplittableRandom random = new SplittableRandom(6);
    int window = 256;
    long peak = 0;
    int found = 0;
    int gone = 0;
    long start = System.nanoTime();
    for (int i = 0; i < 1_000_000; i++) {
      publish(Integer.toString(i));
      jobs.remove(Integer.toString(i - window));
      // Mostly live entries, some just removed, some cached ones found invalid.
      String target = Integer.toString(i - random.nextInt(window + 32));
      try {
        fx.vfs.stat(fx.op("/proc/jobs/" + target));
        found++;
      } catch (ErrnoException e) {
        assertThat(e.errno()).isEqualTo(Errno.ENOENT);
        gone++;
      }
      if ((i & 255) == 0) {
        peak = Math.max(peak, fs.liveDentries());
      }
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(found).isGreaterThan(800_000);
    assertThat(gone).isGreaterThan(50_000);
    assertThat(peak).isLessThanOrEqualTo(limit + depth);
    assertThat(fs.liveDentries()).isLessThanOrEqualTo(limit + depth);
    assertThat(fs.cachedDentries()).isLessThanOrEqualTo(limit);
    jobs.clear();
    System.out.printf(
        "a million churning lookups: %d ms, live dentries peak=%d (limit %d + depth %d)%n",
        millis, peak, limit, depth);
  }

  @Test
  void aNameUsedTwiceOrTakenByABuiltInEntryFailsTheMountAndLeavesNothingBehind() {
    fx.vfs.mkdir(fx.op("/other"), 0755);
    for (ProcType type :
        List.of(
            ProcType.publishing(root -> root.file("meminfo", () -> "")),
            ProcType.publishing(
                root -> root.directory("a", a -> a.file("x", () -> "").file("x", () -> ""))))) {
      assertThatThrownBy(() -> fx.vfs.mount(fx.op("/other"), type, Map.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("duplicate entry name");
    }
    assertThat(fx.vfs.mounts()).hasSize(2);
  }

  @Test
  void aDuplicateInsideAnEntryFailsItsLookup() {
    fx.close();
    fx =
        new ProcFixture(
            ProcType.publishing(
                root ->
                    root.collection(
                        "jobs", jobs, (job, dir) -> dir.file("x", () -> "").file("x", () -> ""))),
            Map.of());
    publish("1");
    assertThatThrownBy(() -> fx.vfs.stat(fx.op("/proc/jobs/1")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void invalidNamesAreRefused() {
    fx.vfs.mkdir(fx.op("/other"), 0755);
    for (String name : List.of("", ".", "..", "a/b", "nul\0", "x".repeat(256))) {
      ProcType type = ProcType.publishing(root -> root.file(name, () -> ""));
      assertThatThrownBy(() -> fx.vfs.mount(fx.op("/other"), type, Map.of()))
          .as(name)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not a valid entry name");
    }
  }

  @Test
  void aDirectoryCannotBeDescribedAfterItsCallReturned() {
    AtomicReference<ProcDirectory> kept = new AtomicReference<>();
    fx.vfs.mkdir(fx.op("/other"), 0755);
    fx.vfs.mount(fx.op("/other"), ProcType.publishing(kept::set), Map.of());
    assertThatThrownBy(() -> kept.get().file("late", () -> ""))
        .isInstanceOf(IllegalStateException.class);
  }
}
