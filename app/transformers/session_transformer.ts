import type LoginSession from '#models/login_session'
import { isoTimestamp } from '#transformers/user_transformer'

export interface SessionView {
  id: number
  device_name: string | null
  platform: string | null
  ip_address: string | null
  /** active, revoked, or expired (no refresh for 30 days). */
  status: 'active' | 'revoked' | 'expired'
  session_start: string | null
  last_seen_at: string | null
  current: boolean
}

export default class SessionTransformer {
  static view(session: LoginSession, currentSessionId?: number): SessionView {
    return {
      id: session.id,
      device_name: session.deviceName,
      platform: session.platform,
      ip_address: session.ipAddress,
      status: session.status === 'revoked' ? 'revoked' : session.isActive ? 'active' : 'expired',
      session_start: isoTimestamp(session.sessionStart),
      last_seen_at: isoTimestamp(session.lastSeenAt),
      current: session.id === currentSessionId,
    }
  }
}
