/**
 * Invented names for the fake TMDB server's synthetic credits. The dump has
 * no cast or crew; these pools stand in, so no real person is ever named.
 * Person `i` is FIRST_NAMES[i % 40] + LAST_NAMES[floor(i / 40)]: 1,600
 * distinct people, actors in 0–999, crew in 1000–1599.
 */
export const FIRST_NAMES = [
  'Aldric', 'Brisa', 'Calder', 'Delphine', 'Eamon', 'Farrah', 'Gideon', 'Halina', 'Ivo', 'Junia',
  'Kestrel', 'Liora', 'Marek', 'Nerys', 'Orrin', 'Pella', 'Quill', 'Rosalind', 'Soren', 'Tamsin',
  'Ulric', 'Vesna', 'Wystan', 'Xanthe', 'Yorick', 'Zelda', 'Anselm', 'Bettina', 'Corvin', 'Dagny',
  'Emrys', 'Fenna', 'Galen', 'Hester', 'Isidore', 'Jessamy', 'Kaspar', 'Lark', 'Merritt', 'Noemi',
] as const

export const LAST_NAMES = [
  'Ashgrove', 'Bellweather', 'Crowhurst', 'Dunmore', 'Elderkin', 'Fairbrook', 'Greyfield', 'Hollowell',
  'Ironside', 'Juniper', 'Kettleby', 'Larkspur', 'Mallory', 'Northcote', 'Oakenshaw', 'Penhallow',
  'Quarrington', 'Ravenscroft', 'Stillwater', 'Thornbury', 'Underhill', 'Vantongeren', 'Whitlock',
  'Yarborough', 'Zephyrine', 'Amberley', 'Blackwood', 'Coldbrook', 'Drayton', 'Evershed', 'Foxley',
  'Goldhawk', 'Harrowgate', 'Ingleby', 'Kingsmere', 'Lockwood', 'Marchbanks', 'Nettleton',
  'Osterley', 'Pemberton',
] as const

export const ROLE_FIRST_NAMES = [
  'Jack', 'Mara', 'Leo', 'Ada', 'Cole', 'Iris', 'Max', 'Nina', 'Rex', 'Tess', 'Sam', 'Vera', 'Ray',
  'June', 'Cal', 'Edie', 'Finn', 'Greta', 'Hal', 'Ivy',
] as const

export const ROLE_LAST_NAMES = [
  'Stone', 'Vance', 'Holt', 'Reyes', 'Marlow', 'Quinn', 'Brandt', 'Sato', 'Keller', 'Moreau',
  'Novak', 'Okafor', 'Price', 'Rourke', 'Lindqvist',
] as const

export const ROLE_TITLES = [
  'Detective', 'Captain', 'Doctor', 'Agent', 'Professor', 'Sergeant', 'Mayor', 'Nurse', 'Pilot',
  'Bartender', 'Reporter', 'Guard', 'Driver', 'Neighbour', 'Waitress', 'Priest',
] as const

export const ACTOR_COUNT = 1000
export const PERSON_COUNT = FIRST_NAMES.length * LAST_NAMES.length

/** TMDB person ids of the invented people (far from the movie ids). */
export const PERSON_ID_BASE = 9_000_000

export function personName(index: number) {
  return `${FIRST_NAMES[index % FIRST_NAMES.length]} ${LAST_NAMES[Math.floor(index / FIRST_NAMES.length) % LAST_NAMES.length]}`
}

/**
 * Crew jobs and the slice of the crew pool each is drawn from, so the same
 * few invented directors (composers…) recur across movies, as real ones do.
 * Jobs after "Casting" are noise the sync filters out.
 */
export const CREW_SLOTS = [
  { job: 'Director', department: 'Directing', from: 1000, size: 100, min: 1, max: 2 },
  { job: 'Screenplay', department: 'Writing', from: 1100, size: 100, min: 1, max: 2 },
  { job: 'Writer', department: 'Writing', from: 1100, size: 100, min: 0, max: 1 },
  { job: 'Producer', department: 'Production', from: 1200, size: 150, min: 1, max: 3 },
  { job: 'Executive Producer', department: 'Production', from: 1200, size: 150, min: 0, max: 2 },
  { job: 'Original Music Composer', department: 'Sound', from: 1350, size: 50, min: 1, max: 1 },
  { job: 'Director of Photography', department: 'Camera', from: 1400, size: 50, min: 1, max: 1 },
  { job: 'Editor', department: 'Editing', from: 1450, size: 50, min: 1, max: 1 },
  { job: 'Casting', department: 'Production', from: 1500, size: 50, min: 0, max: 1 },
  { job: 'Sound Designer', department: 'Sound', from: 1550, size: 50, min: 0, max: 2 },
  { job: 'Makeup Artist', department: 'Costume & Make-Up', from: 1550, size: 50, min: 0, max: 2 },
  { job: 'Gaffer', department: 'Lighting', from: 1550, size: 50, min: 0, max: 1 },
] as const

/** known_for_department of a crew person, by the slice they come from. */
export function crewDepartment(index: number) {
  const slot = CREW_SLOTS.find((candidate) => index >= candidate.from && index < candidate.from + candidate.size)
  return slot?.department ?? 'Crew'
}
