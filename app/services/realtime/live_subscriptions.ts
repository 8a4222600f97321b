/**
 * The streams of this process and who subscribed them to what: Transmit
 * knows stream ids (`uid`) and channels, not users, so the subscribe route
 * records the signed-in user here once a subscription is accepted. Used to
 * leave some users out of a room's broadcast (blocks).
 */
export class LiveSubscriptions {
  /** uid → channel → the users who subscribed that stream to it (Transmit lets any caller name any uid). */
  #streams = new Map<string, Map<string, Set<number>>>()

  add(uid: string, userId: number, channel: string) {
    let channels = this.#streams.get(uid)
    if (!channels) this.#streams.set(uid, (channels = new Map()))
    let users = channels.get(channel)
    if (!users) channels.set(channel, (users = new Set()))
    users.add(userId)
  }

  remove(uid: string, channel: string) {
    this.#streams.get(uid)?.delete(channel)
  }

  forget(uid: string) {
    this.#streams.delete(uid)
  }

  /** The stream ids subscribed to `channel` by any of `userIds`. */
  uidsOf(channel: string, userIds: ReadonlySet<number>): string[] {
    const uids: string[] = []
    for (const [uid, channels] of this.#streams) {
      const users = channels.get(channel)
      if (users && [...users].some((userId) => userIds.has(userId))) uids.push(uid)
    }
    return uids
  }
}

/** Process-wide state: this process's live subscriptions, hence a module instance. */
export const liveSubscriptions = new LiveSubscriptions()
