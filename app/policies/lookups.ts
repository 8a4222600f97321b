import ApiException from '#exceptions/api_exception'

/**
 * Whether a catalogue lookup that answers 404 for what the viewer may not see
 * found its title. Policies ask it so that a review or a comment on a hidden
 * title is as unknown as the title; any other failure still propagates.
 */
export async function isFound(lookup: Promise<unknown>): Promise<boolean> {
  try {
    await lookup
    return true
  } catch (error) {
    if (error instanceof ApiException && error.status === 404) return false
    throw error
  }
}
