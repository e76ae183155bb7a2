import type { NluResult } from '../../core/nlu/intents.ts'
import type { DialogContext } from './dialog.ts'
import { formCopy } from './copy.ts'

/** One thing a form collects: found anywhere in any message, asked for when missing. */
export interface FormField<V = unknown> {
  key: string
  label: string
  prompt: (ctx: DialogContext, values: FormValues) => string
  /** Shown when an answer could not be understood. */
  example: string
  /** A value for this field in the message, if it has one. */
  extract: (text: string, nlu: NluResult, ctx: DialogContext, values: FormValues) => V | undefined
  /** Take the whole message as the value when this field is the one being asked (free text). */
  freeText?: boolean
  optional?: boolean
  /** A value known before asking (e.g. the member's phone on file). */
  prefill?: (ctx: DialogContext) => V | undefined
  describe: (value: V, ctx: DialogContext) => string
}

export type FormValues = Record<string, unknown>

export interface FormState {
  values: FormValues
  asking: string | null
  confirming: boolean
  reprompts: number
}

export type FormOutcome =
  | { kind: 'continue'; state: FormState; replies: string[] }
  | { kind: 'complete'; values: FormValues }
  | { kind: 'gave_up'; replies: string[] }

const YES = /^(是|是的|对|对的|没错|确认|好|好的|可以|行|嗯|嗯嗯|ok|okay|yes|y|确定|提交|没问题)[!！。.~～]*$/i
const NO = /^(不对|不是|错了|不|否|no|n|有误|不正确)/i
const MAX_REPROMPTS = 2

export function newFormState(fields: FormField[], ctx: DialogContext): FormState {
  const values: FormValues = {}
  for (const field of fields) {
    const known = field.prefill?.(ctx)
    if (known !== undefined) values[field.key] = known
  }
  return { values, asking: null, confirming: false, reprompts: 0 }
}

function summary(fields: FormField[], values: FormValues, ctx: DialogContext) {
  return fields
    .filter((field) => values[field.key] !== undefined)
    .map((field) => `${field.label}：${field.describe(values[field.key], ctx)}`)
    .join('\n')
}

/**
 * Advances a form by one customer message: takes every value the message contains (any order,
 * several at once, corrections too), then asks for the next missing one, or for confirmation.
 */
export function advanceForm(fields: FormField[], state: FormState, text: string, nlu: NluResult, ctx: DialogContext, confirmTitle: string): FormOutcome {
  const trimmed = text.trim()
  if (state.confirming && YES.test(trimmed)) return { kind: 'complete', values: state.values }

  const values = { ...state.values }
  let found = 0
  for (const field of fields) {
    const value = field.extract(trimmed, nlu, ctx, values)
    if (value !== undefined) {
      values[field.key] = value
      found++
    }
  }
  const askedField = fields.find((field) => field.key === state.asking)
  if (askedField?.freeText && values[askedField.key] === state.values[askedField.key] && trimmed && !YES.test(trimmed)) {
    values[askedField.key] = trimmed
    found++
  }

  if (state.confirming && !found) {
    const replies = NO.test(trimmed) ? [formCopy.whatToChange] : [formCopy.confirmAgain(summary(fields, values, ctx))]
    return { kind: 'continue', state: { ...state, values }, replies }
  }

  const missing = fields.find((field) => !field.optional && values[field.key] === undefined)
  if (missing) {
    const askingAgain = missing.key === state.asking && !found
    const reprompts = askingAgain ? state.reprompts + 1 : 0
    if (reprompts > MAX_REPROMPTS) return { kind: 'gave_up', replies: [formCopy.gaveUp] }
    const replies = askingAgain ? [formCopy.reprompt(missing.example), missing.prompt(ctx, values)] : [missing.prompt(ctx, values)]
    return { kind: 'continue', state: { values, asking: missing.key, confirming: false, reprompts }, replies }
  }
  return {
    kind: 'continue',
    state: { values, asking: null, confirming: true, reprompts: 0 },
    replies: [`${confirmTitle}\n${summary(fields, values, ctx)}\n${formCopy.confirmHint}`],
  }
}
