import { test } from '@japa/runner'
import HttpExceptionHandler from '#exceptions/handler'
import ApiException from '#exceptions/api_exception'

test.group('Exception handler / envelope', () => {
  test('an unexpected error becomes a 500 envelope without message or stack', ({ assert }) => {
    const envelope = new HttpExceptionHandler().toEnvelope(new Error('connection string postgres://secret@db'))
    assert.equal(envelope.status, 500)
    assert.deepEqual(envelope.body, {
      error: { code: 'E_INTERNAL', message: 'Something went wrong on our side' },
    })
  })

  test('API exceptions keep their code, details and extra fields', ({ assert }) => {
    const envelope = new HttpExceptionHandler().toEnvelope(
      new ApiException('Wrong code', { status: 422, code: 'E_OTP_INVALID', extra: { attempts_left: 3 } })
    )
    assert.deepEqual(envelope, {
      status: 422,
      body: { error: { code: 'E_OTP_INVALID', message: 'Wrong code', attempts_left: 3 } },
      headers: undefined,
    })
  })
})
