import { toIso } from '#services/database/query_helpers'
import UserTransformer, { type UserSummary, type UserSummaryRow } from '#transformers/user_transformer'

/** One user the caller blocked (GET/PUT /me/blocks). */
export interface BlockResource {
  user: UserSummary
  blocked_at: string
}

export default class BlockTransformer {
  static resource(user: UserSummaryRow, blockedAt: Date | string): BlockResource {
    return { user: UserTransformer.summaryOfRow(user), blocked_at: toIso(blockedAt) }
  }
}
