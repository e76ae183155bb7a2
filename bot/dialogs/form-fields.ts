import { extractPhone } from '../nlu/slots.ts'
import type { FormField } from './form.ts'

/** The kinds of field several forms ask for, each with how it is found and shown. */

/** A mobile number: the one the NLU found, else any in the text; read back masked (138****8000). */
export function phoneField(prompt: string): FormField {
  return {
    key: 'phone',
    label: '联系电话',
    prompt: () => prompt,
    example: '“13800138000”',
    extract: (text, nlu) => nlu.slots.phone ?? extractPhone(text),
    describe: (phone) => String(phone).replace(/^(\d{3})\d{4}(\d{4})$/, '$1****$2'),
  }
}

/** Which clinic: one the message names, else the conversation's; read back by its full name. */
export function clinicField(prompt: FormField['prompt']): FormField {
  return {
    key: 'clinic',
    label: '机构',
    prompt,
    example: '“朝阳眼科”',
    extract: (_text, nlu) => nlu.slots.clinic,
    prefill: (ctx) => ctx.clinic.code,
    describe: (code, ctx) => ctx.clinics.find((c) => c.code === code)?.name ?? String(code),
  }
}

/** Free text, only taken as the answer to its own question: it has no recognisable shape in a sentence. */
export function freeTextField(field: Pick<FormField, 'key' | 'label' | 'prompt' | 'example'> & Partial<Pick<FormField, 'prefill' | 'describe'>>): FormField {
  return { extract: () => undefined, freeText: true, describe: (text) => String(text), ...field }
}
