package dev.jkernfs.fuzz;

/**
 * The steps of the NIO targets, each a {@code java.nio.file} call. The last two exist only where a
 * {@link SwitchboardFilesystem} is mounted; the differential against jimfs decodes without them.
 */
enum NioAction {
  MKDIR,
  CREATE_FILE,
  WRITE_FILE,
  READ_FILE,
  OPEN_CHANNEL,
  CHANNEL_WRITE,
  CHANNEL_READ,
  CHANNEL_TRUNCATE,
  CLOSE,
  OPEN_DIRECTORY,
  READ_DIRECTORY,
  LIST,
  LINK,
  SYMLINK,
  READLINK,
  MOVE,
  DELETE,
  DELETE_IF_EXISTS,
  SET_PERMISSIONS,
  SET_TIMES,
  STAT,
  DYNAMIC_WALK,
  FLIP;

  private static final NioAction[] ALL = values();

  /** The number of actions in a language without dynamic directories. */
  static final int PLAIN_COUNT = ALL.length - 2;

  static final int DYNAMIC_COUNT = ALL.length;

  static NioAction of(Step step) {
    return ALL[step.action()];
  }

  /** The value that selects this action in an input: its place in the language, by design. */
  @SuppressWarnings("EnumOrdinal")
  int code() {
    return ordinal();
  }
}
