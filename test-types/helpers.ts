/** Compile-time assertions shared by the cases. */
export type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;

/** Compiles only when `Condition` is `true`. */
export function expectTrue<Condition extends true>(): Condition | void {}
