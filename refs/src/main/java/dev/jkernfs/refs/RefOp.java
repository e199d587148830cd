package dev.jkernfs.refs;

/** A kind of event in an object's reference history. */
public enum RefOp {
  CREATE,
  INC_REF,
  TRY_INC_REF,
  DEC_REF,
  REVIVE,
  DESTROY;

  @Override
  public String toString() {
    return switch (this) {
      case CREATE -> "created";
      case INC_REF -> "incRef";
      case TRY_INC_REF -> "tryIncRef";
      case DEC_REF -> "decRef";
      case REVIVE -> "revived";
      case DESTROY -> "destroyed";
    };
  }
}
