import type { ParameterObject, Schema, ValidatorDoc } from '#openapi/types'

/**
 * VineJS 4 emits JSON Schema draft 7; OpenAPI 3.1 uses JSON Schema 2020-12.
 * Every keyword VineJS produces means the same in both, so the conversion
 * only adjusts what would mislead a reader of the docs:
 * - `additionalProperties: false` goes: VineJS drops unknown keys, it does
 *   not reject them;
 * - `vine.boolean()` is an enum of accepted spellings ("1", "on", true...);
 *   it is documented as a boolean, and a `vine.enum()` gets its type;
 * - `$schema` / `definitions` (draft-7 only) are dropped or renamed.
 */
export function toOpenApiSchema(input: unknown): Schema {
  if (!isObject(input)) return {}
  const schema: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(input)) {
    if (key === '$schema') continue
    if (key === 'additionalProperties' && value === false) continue
    if (key === 'definitions') {
      schema.$defs = mapValues(value, toOpenApiSchema)
      continue
    }
    if (key === 'properties' || key === 'patternProperties') {
      schema[key] = mapValues(value, toOpenApiSchema)
    } else if (key === 'items' || key === 'additionalProperties' || key === 'not') {
      schema[key] = Array.isArray(value) ? value.map(toOpenApiSchema) : toOpenApiSchema(value)
    } else if (key === 'anyOf' || key === 'oneOf' || key === 'allOf') {
      schema[key] = (value as unknown[]).map(toOpenApiSchema)
    } else {
      schema[key] = value
    }
  }
  if (isBooleanEnum(schema.enum)) {
    delete schema.enum
    schema.type = 'boolean'
  } else if (Array.isArray(schema.enum) && schema.type === undefined) {
    // vine.enum() gives no type; Swagger UI would show "any".
    const types = new Set(schema.enum.map((value) => typeof value))
    if (types.size === 1 && (types.has('string') || types.has('number'))) schema.type = [...types][0]
  }
  return schema as Schema
}

/** True for VineJS's list of accepted boolean spellings (true, "1", "on", false, 0...). */
const BOOLEAN_SPELLINGS: unknown[] = ['1', 1, 'true', true, 'on', '0', 0, 'false', false, 'off']

function isBooleanEnum(values: unknown) {
  return (
    Array.isArray(values) &&
    values.includes(true) &&
    values.includes(false) &&
    values.every((value) => BOOLEAN_SPELLINGS.includes(value))
  )
}

export interface ObjectSchemaResult {
  schema: Schema
  /** What the registry should fix: fields without a usable schema, stale names. */
  problems: string[]
}

/**
 * The object schema of a validator with the registry's descriptions and
 * field overrides merged in. `where` names the route for problem messages.
 */
export function validatorSchema(doc: ValidatorDoc, where: string): ObjectSchemaResult {
  const schema = toOpenApiSchema(doc.validator.toJSONSchema())
  const problems: string[] = []
  const properties = schema.properties ?? {}
  if (schema.type !== 'object' || !schema.properties) {
    problems.push(`${where}: the validator is not an object schema (vine.create({...}))`)
  }

  for (const [field, override] of Object.entries(doc.fields ?? {})) {
    if (!properties[field]) problems.push(`${where}: override for unknown field "${field}"`)
    else Object.assign(properties[field], override)
  }
  for (const [field, description] of Object.entries(doc.descriptions ?? {})) {
    if (!properties[field]) problems.push(`${where}: description for unknown field "${field}"`)
    else properties[field].description = description
  }
  for (const [field, property] of Object.entries(properties)) {
    if (!hasTypeInformation(property)) {
      problems.push(
        `${where}: field "${field}" has no JSON Schema from VineJS; describe it in the registry's \`fields\``
      )
    }
  }
  if (doc.title) schema.title = doc.title
  return { schema, problems }
}

/** One `in: query` parameter per field of the validator. */
export function queryParameters(doc: ValidatorDoc, where: string) {
  const { schema, problems } = validatorSchema(doc, where)
  const required = new Set(schema.required ?? [])
  const parameters: ParameterObject[] = Object.entries(schema.properties ?? {}).map(
    ([name, property]) => {
      const { description, ...rest } = property
      return {
        name,
        in: 'query',
        required: required.has(name),
        ...(description ? { description } : {}),
        schema: rest,
      }
    }
  )
  return { parameters, problems }
}

function hasTypeInformation(schema: Schema) {
  return ['type', 'enum', 'const', '$ref', 'anyOf', 'oneOf', 'allOf'].some((key) => key in schema)
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function mapValues(value: unknown, fn: (input: unknown) => Schema): Record<string, Schema> {
  if (!isObject(value)) return {}
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fn(item)]))
}
