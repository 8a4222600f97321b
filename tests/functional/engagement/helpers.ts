import type { ApiResponse } from '@japa/api-client'
import type { Assert } from '@japa/assert'
import db from '@adonisjs/lucid/services/db'

/** The contract's error envelope with the given status and code. */
export function assertError(assert: Assert, response: ApiResponse, status: number, code: string) {
  response.assertStatus(status)
  const body = response.body()
  assert.properties(body, ['error'])
  assert.equal(body.error.code, code)
  assert.isString(body.error.message)
}

/** A 422 envelope whose details name `field`. */
export function assertValidation(assert: Assert, response: ApiResponse, field: string) {
  assertError(assert, response, 422, 'E_VALIDATION')
  const fields = (response.body().error.details ?? []).map((detail: { field: string }) => detail.field)
  assert.include(fields, field)
}

export async function countRows(table: string, where: Record<string, unknown> = {}): Promise<number> {
  const [row] = await db.from(table).where(where).count('* as total')
  return Number(row.total)
}

/** Polls until `check` returns a truthy value (queued jobs run in-process). */
export async function eventually<T>(check: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

export const USER_SUMMARY_KEYS = ['id', 'username', 'display_name', 'avatar_url']
