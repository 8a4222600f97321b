/*
| Bouncer abilities shared by the API and the admin panel.
*/
import { Bouncer } from '@adonisjs/bouncer'
import type User from '#models/user'

/** Moderators and admins curate the catalogue (add, edit, hide movies). */
export const manageCatalogue = Bouncer.ability((user: User) => user.isModerator)

/** Only admins change roles. */
export const manageRoles = Bouncer.ability((user: User) => user.role === 'admin')
