/*
 * The contract's UserSummary, for services that only need that shape. One
 * implementation: app/transformers/user_transformer.ts.
 */
import UserTransformer from '#transformers/user_transformer'

export { avatarUrl, type UserSummary, type UserSummaryRow } from '#transformers/user_transformer'

export default class UserSummaryTransformer {
  static summary = UserTransformer.summary
  static summaryOfRow = UserTransformer.summaryOfRow
}
