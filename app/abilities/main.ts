/*
| Bouncer abilities shared by the API and the admin panel.
*/
import { Bouncer } from '@adonisjs/bouncer'
import type User from '#models/user'

/** Moderators and admins curate the catalogue (add, edit, hide movies). */
export const manageCatalogue = Bouncer.ability((user: User) => user.isModerator)

/** Only admins change roles. */
export const manageRoles = Bouncer.ability((user: User) => user.role === 'admin')

/** Only the author edits a comment; moderators never edit others' words. */
export const editComment = Bouncer.ability(
  (user: User, comment: { userId: number }) => user.id === comment.userId
)

/** The author or a moderator deletes a comment. */
export const deleteComment = Bouncer.ability(
  (user: User, comment: { userId: number }) => user.id === comment.userId || user.isModerator
)
