import type { ServerUnaryCall } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { HandlerContext } from '../handler.js';

/**
 * The HandlerContext of one RunFunction call. Its logger, which carries the request's tag, and its
 * abort signal are made when the handler first asks for them: most calls neither log nor wait, and
 * making both for every call cost a tenth of a small call's CPU. A class rather than an object
 * literal with getters, so that every call's context shares one hidden class.
 */
export class CallHandlerContext implements HandlerContext {
  #log: Logger | undefined;
  #abort: AbortController | undefined;
  #answered = false;

  constructor(
    private readonly call: ServerUnaryCall<unknown, unknown>,
    private readonly parent: Logger,
    private readonly tag: string,
  ) {}

  get log(): Logger {
    this.#log ??= this.parent.child({ tag: this.tag });
    return this.#log;
  }

  /** signal is aborted when the caller gives up (deadline, cancellation) or the server drains. */
  get signal(): AbortSignal {
    if (!this.#abort) {
      const abort = new AbortController();
      this.#abort = abort;
      if (this.call.cancelled) abort.abort();
      // grpc-js reports 'cancelled' when any stream closes, after a reply too: abort only a call in flight.
      else this.call.on('cancelled', () => !this.#answered && abort.abort());
    }
    return this.#abort.signal;
  }

  /** answered records that the call has its answer: a later 'cancelled' is the stream closing. */
  answered(): void {
    this.#answered = true;
  }
}
