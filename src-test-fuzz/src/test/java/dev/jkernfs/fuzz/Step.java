package dev.jkernfs.fuzz;

/**
 * One decoded operation: which action of its target's language, and three argument bytes whose
 * meaning the action gives them (a path, a handle slot, a length).
 *
 * @param action the action's index in its language, already reduced modulo the language's size
 * @param a the first argument, 0 to 255
 * @param b the second argument, 0 to 255
 * @param c the third argument, 0 to 255
 */
record Step(int action, int a, int b, int c) {
  /** The bytes one step takes in an input. */
  static final int SIZE = 4;
}
