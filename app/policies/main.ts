/*
| Every Bouncer policy, one per resource, by name for the HTTP context's
| bouncer and Edge's `@can('UserPolicy.manageRoles')`. A policy's denial that
| hides the resource answers 404; one that shows it but refuses the act 403.
*/
export const policies = {
  AdminPanelPolicy: () => import('#policies/admin_panel_policy'),
  ChatRoomPolicy: () => import('#policies/chat_room_policy'),
  CommentPolicy: () => import('#policies/comment_policy'),
  ListPolicy: () => import('#policies/list_policy'),
  MoviePolicy: () => import('#policies/movie_policy'),
  ReviewPolicy: () => import('#policies/review_policy'),
  UserPolicy: () => import('#policies/user_policy'),
}
