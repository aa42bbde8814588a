/** A verifier that did not answer (down, slow, its circuit open): the same call may succeed later. */
export class VerifierUnavailableError extends Error {
  override name = "VerifierUnavailableError";
  readonly retryable = true;
  constructor(
    readonly verifier: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${verifier}: ${message}`, options);
  }
}
