import type { FastifyBaseLogger } from 'fastify'

export type SecurityEvent =
  | 'signup'
  | 'login_succeeded'
  | 'login_failed'
  | 'account_locked'
  | 'password_changed'
  | 'email_changed'
  | 'logout_all'
  | 'account_deleted'
  | 'session_started'
  | 'session_ended'
  | 'cross_site_request_refused'

export interface RequestContext {
  ip: string
  log: FastifyBaseLogger
}

/**
 * One structured line per security-relevant event, for alerting and audits. Callers pass ids,
 * never passwords or tokens; the logger's redaction is a second line of defence, not the first.
 */
export function logSecurityEvent(
  context: RequestContext,
  event: SecurityEvent,
  fields: { userId?: string; reason?: string } = {},
): void {
  context.log.info(
    { security_event: event, user_id: fields.userId, ip: context.ip, reason: fields.reason },
    `security: ${event}`,
  )
}
