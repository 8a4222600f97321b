import { Bouncer } from '@adonisjs/bouncer'
import type User from '#models/user'

/**
 * A bouncer for code that runs without the request's `ctx.bouncer` (services
 * shared by controllers and jobs, the SSE channel authoriser, notification
 * fan-out); `null` is a guest. Policies are passed as classes
 * (`bouncerFor(user).with(ListPolicy)`), so nothing here imports them all.
 */
export function bouncerFor(user: User | null): Bouncer<User> {
  return new Bouncer<User>(user)
}
