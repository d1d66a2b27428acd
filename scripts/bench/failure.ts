/** A problem the bench explains in its message (busy port, failed build, endpoint not answering 2xx): no stack trace needed. */
export class BenchFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BenchFailure";
  }
}
