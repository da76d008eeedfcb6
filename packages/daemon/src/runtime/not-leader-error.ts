/**
 * A write refused by an HA follower, or by a leader that found its epoch taken over: only the leader's
 * runtime journals events. The API answers it with 503 `not_leader`.
 */
export class NotLeaderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotLeaderError";
  }
}
