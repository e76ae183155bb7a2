/**
 * Each complaint step from 2 on, in one place: the fields of its form (drawn by StepFields.vue), their
 * values as the case stands, the transition body they make, and how the done step reads on the timeline.
 * Step 1 (the intake) is recorded when the case is filed and has no form here.
 */
import { h, type VNode } from 'vue'
import { COMPLAINT_CATEGORIES, LIABILITY_LABELS, PAYMENT_LABELS, REMEDY_LABELS, SEVERITIES, WANT_LABELS, type ComplaintCase, type Severity } from '../../complaints.ts'
import { formatDateTime, yuan } from '../../format.ts'

interface FieldBase<F> {
  key: keyof F & string
  label: string | ((c: ComplaintCase) => string)
  required?: boolean
  placeholder?: string
  testid?: string
  /** half the width, beside the next half field */
  half?: boolean
  /** shown only while this holds */
  when?(f: F, c: ComplaintCase): boolean
}

/** One input of a step's form: a text box (rows: min and max), a line, an amount in yuan, a select, check boxes, radios or names. */
export type StepField<F> = FieldBase<F> &
  (
    | { kind: 'text'; rows: readonly [number, number] }
    | { kind: 'line' }
    | { kind: 'amount'; max?(c: ComplaintCase): number | undefined }
    | { kind: 'select' | 'checks'; options: Record<string, string> }
    | { kind: 'radios'; options: ReadonlyArray<{ value: string | boolean; label: string; note?: string }>; stacked?: boolean }
    | { kind: 'names' }
  )

export interface StepForm<F extends object> {
  /** what the form shows above its fields */
  intro?(c: ComplaintCase): VNode | null
  /** the fields' values as the form opens on this case */
  fields(c: ComplaintCase): F
  form: ReadonlyArray<StepField<F>>
  /** only this step's fields (the API names what is missing); the note is added by the page */
  body(f: F): Record<string, unknown>
  /** what the done step recorded, in staff's words (empty values are left out) */
  recorded(d: Record<string, unknown>): Array<[string, string]>
  /** when the note becomes the step's own required field: its label, placeholder and the reminder */
  requiredNote?(f: F): { label: string; placeholder: string; missing: string } | null
}

const text = (v: string) => (v.trim() ? v.trim() : undefined)
const str = (v: unknown): string => (typeof v === 'string' ? v : Array.isArray(v) ? v.join('、') : v === null || v === undefined ? '' : String(v))
const positive = (v: unknown): v is number => typeof v === 'number' && v > 0
const label = (labels: Record<string, string>, v: unknown) => labels[str(v)] ?? str(v)
const choices = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }))
const yesOrNo = (yes: string, no: string) => [
  { value: true, label: yes },
  { value: false, label: no },
]
const NAMES = '输入姓名后回车'
const step = <F extends object>(form: StepForm<F>) => form

const accept = step({
  fields: (c) => ({ cause: '', category: c.category, wants: [...c.wants], involvedStaff: [...c.involvedStaff] }),
  form: [
    { key: 'cause', kind: 'text', label: '投诉原因', required: true, placeholder: '经与顾客确认的投诉原因', rows: [2, 6], testid: 'field-cause' },
    { key: 'category', kind: 'select', label: '类别', options: COMPLAINT_CATEGORIES },
    { key: 'wants', kind: 'checks', label: '顾客诉求', options: WANT_LABELS },
    { key: 'involvedStaff', kind: 'names', label: '涉及人员', placeholder: NAMES },
  ],
  body: (f) => ({ cause: text(f.cause), category: f.category || undefined, wants: f.wants, involvedStaff: f.involvedStaff }),
  recorded: (d) => [
    ['投诉原因', str(d.cause)],
    ['类别', label(COMPLAINT_CATEGORIES, d.category)],
    ['诉求', ((d.wants as string[] | undefined) ?? []).map((w) => WANT_LABELS[w] ?? w).join('、')],
    ['涉及人员', str(d.involvedStaff)],
  ],
})

const investigate = step({
  fields: (c) => ({ findings: '', contactedStaff: [...c.involvedStaff] }),
  form: [
    { key: 'findings', kind: 'text', label: '调查结果', required: true, placeholder: '与当事员工核实的情况', rows: [3, 8], testid: 'field-findings' },
    { key: 'contactedStaff', kind: 'names', label: '已联系的员工', placeholder: NAMES },
  ],
  body: (f) => ({ findings: text(f.findings), contactedStaff: f.contactedStaff }),
  recorded: (d) => [
    ['调查结果', str(d.findings)],
    ['已联系', str(d.contactedStaff)],
  ],
})

const severities = Object.entries(SEVERITIES).map(([value, s]) => ({ value, label: s.name, note: `${s.meaning}；罚款 ${s.fines}` }))
const classify = step({
  fields: (c) => ({
    severity: (c.severity ?? '') as Severity | '',
    liability: c.liability ?? '',
    responsibleStaff: c.responsibleStaff ?? '',
    estimatedAmount: undefined as number | undefined,
    flags: [] as string[],
    category: c.category,
  }),
  form: [
    { key: 'severity', kind: 'radios', label: '处分级别', required: true, options: severities, stacked: true, testid: 'field-severity' },
    { key: 'liability', kind: 'select', label: '责任归属', required: true, placeholder: '请选择', options: LIABILITY_LABELS, testid: 'field-liability' },
    { key: 'responsibleStaff', kind: 'line', label: '责任人', placeholder: '如：前台王某', half: true },
    { key: 'estimatedAmount', kind: 'amount', label: '涉及金额（元）', placeholder: '无则不填', half: true },
    { key: 'flags', kind: 'checks', label: '情节', options: { reputationDamage: '影响声誉', medicalAccident: '医疗/安全事故', death: '死亡' } },
    { key: 'category', kind: 'select', label: '类别', options: COMPLAINT_CATEGORIES },
  ],
  body: (f) => ({
    severity: f.severity || undefined,
    liability: f.liability || undefined,
    category: f.category || undefined,
    responsibleStaff: text(f.responsibleStaff),
    estimatedAmount: f.estimatedAmount,
    reputationDamage: f.flags.includes('reputationDamage'),
    medicalAccident: f.flags.includes('medicalAccident'),
    death: f.flags.includes('death'),
  }),
  recorded: (d) => {
    const severity = d.severity as Severity | undefined
    // The system's proposal rests on the amount and the circumstances; without them it says nothing.
    const grounded = positive(d.estimatedAmount) || d.reputationDamage || d.medicalAccident || d.death
    const proposed = grounded && d.severityProposed && d.severityProposed !== severity ? (SEVERITIES[d.severityProposed as Severity]?.name ?? str(d.severityProposed)) : ''
    return [
      ['处分级别', severity ? SEVERITIES[severity].name : ''],
      ['系统建议', proposed],
      ['责任归属', label(LIABILITY_LABELS, d.liability)],
      ['责任人', str(d.responsibleStaff)],
      ['涉及金额', positive(d.estimatedAmount) ? yuan(d.estimatedAmount) : ''],
    ]
  },
})

const plan = step({
  fields: (c) => ({ plan: '', remedy: c.wants.includes('refund') ? 'refund' : c.wants.includes('compensation') ? 'compensation' : 'none', amount: undefined as number | undefined }),
  form: [
    { key: 'plan', kind: 'text', label: '处理方案', required: true, placeholder: '如：当面致歉，退还当日检查费', rows: [3, 8], testid: 'field-plan' },
    { key: 'remedy', kind: 'radios', label: '退款/赔偿', options: choices(REMEDY_LABELS) },
    { key: 'amount', kind: 'amount', label: '金额（元）', required: true, testid: 'field-amount', when: (f) => f.remedy !== 'none' },
  ],
  body: (f) => ({ plan: text(f.plan), remedy: f.remedy, amount: f.remedy === 'none' ? undefined : f.amount }),
  recorded: (d) => [
    ['方案', str(d.plan)],
    ['方式', `${label(REMEDY_LABELS, d.remedy)}${positive(d.amount) ? ` ${yuan(d.amount)}` : ''}`],
  ],
})

const approve = step({
  intro: (c) =>
    h('div', { class: 'plan-box' }, [
      h('div', { class: 'muted small' }, '待审批的方案'),
      h('div', {}, c.plan?.text),
      c.plan && c.plan.remedy !== 'none' ? h('div', { class: 'small' }, `${REMEDY_LABELS[c.plan.remedy]} ${yuan(c.plan.amount)}`) : null,
    ]),
  fields: () => ({ approved: true }),
  form: [
    { key: 'approved', kind: 'radios', label: '审批结论', options: yesOrNo('同意', '退回修改'), testid: 'field-approved' },
  ],
  body: (f) => ({ approved: f.approved }),
  recorded: (d) => [['审批', d.approved ? '同意' : '退回，重新制定方案']],
  requiredNote: (f) => (f.approved ? null : { label: '退回意见（必填）', placeholder: '请写明需要修改的地方', missing: '退回方案时，请写明需要修改的地方，方便客服主任重新制定。' }),
})

const negotiate = step({
  fields: (c) => ({ agreed: true, outcome: '', amount: c.plan?.amount || undefined }),
  form: [
    { key: 'agreed', kind: 'radios', label: '协商结果', options: yesOrNo('双方达成一致', '未达成一致（重新制定方案）') },
    { key: 'outcome', kind: 'text', label: '协商情况', required: true, placeholder: '顾客的意见与最终约定', rows: [2, 6], testid: 'field-outcome' },
    {
      key: 'amount',
      kind: 'amount',
      label: (c) => `约定金额（元，不超过方案的 ${yuan(c.plan?.amount)}）`,
      max: (c) => c.plan?.amount,
      when: (f, c) => f.agreed && Boolean(c.plan && c.plan.amount > 0),
    },
  ],
  body: (f) => ({ agreed: f.agreed, outcome: text(f.outcome), amount: f.agreed ? f.amount : undefined }),
  recorded: (d) => [
    ['结果', d.agreed ? '双方达成一致' : '未达成一致，重新制定方案'],
    ['情况', str(d.outcome)],
    ['金额', positive(d.amount) ? yuan(d.amount) : ''],
  ],
})

const refund = step({
  // 经办人 is whoever starts the refund, not the person found responsible in step 4: it starts empty.
  fields: (c) => ({ method: 'cash', responsibleStaff: '', amount: c.agreement?.amount || undefined }),
  form: [
    { key: 'method', kind: 'radios', label: '退款方式', options: choices(PAYMENT_LABELS) },
    { key: 'responsibleStaff', kind: 'line', label: '经办人', required: true, placeholder: '发起退款流程的员工', half: true, testid: 'field-responsible' },
    { key: 'amount', kind: 'amount', label: '金额（元）', half: true },
  ],
  body: (f) => ({ method: f.method, responsibleStaff: text(f.responsibleStaff), amount: f.amount }),
  recorded: (d) => [
    ['办理', `${d.kind === 'compensation' ? '赔偿' : '退款'} ${typeof d.amount === 'number' ? yuan(d.amount) : ''}，${label(PAYMENT_LABELS, d.method)}`],
    ['经办人', str(d.responsibleStaff)],
    ['预计到账', d.method === 'bank_card' && d.expectedArrivalAt ? formatDateTime(str(d.expectedArrivalAt)).slice(0, 10) : ''],
  ],
})

const closing = step({
  fields: () => ({ closingSummary: '' }),
  form: [{ key: 'closingSummary', kind: 'text', label: '结案小结', required: true, placeholder: '处理经过与顾客的反馈', rows: [3, 8], testid: 'field-closing' }],
  body: (f) => ({ closingSummary: text(f.closingSummary) }),
  recorded: (d) => [['结案小结', str(d.closingSummary)]],
})

const penalty = step({
  intro: (c) => (c.severity ? h('p', { class: 'muted small' }, `定性为 ${SEVERITIES[c.severity].name}：责任人 / 上级主管罚款 ${SEVERITIES[c.severity].fines}。`) : null),
  fields: (c) => ({ penaltyProposal: '', responsibleStaff: c.responsibleStaff ?? '' }),
  form: [
    { key: 'penaltyProposal', kind: 'text', label: '处分建议', required: true, rows: [2, 6], testid: 'field-penalty' },
    { key: 'responsibleStaff', kind: 'line', label: '责任人' },
  ],
  body: (f) => ({ penaltyProposal: text(f.penaltyProposal), responsibleStaff: text(f.responsibleStaff) }),
  recorded: (d) => [
    ['处分建议', str(d.proposal)],
    ['责任人', str(d.responsibleStaff)],
  ],
})

const prevention = step({
  fields: () => ({ preventionPlan: '' }),
  form: [{ key: 'preventionPlan', kind: 'text', label: '防范改善措施', required: true, placeholder: '培训、流程调整、抽查安排等', rows: [3, 8], testid: 'field-prevention' }],
  body: (f) => ({ preventionPlan: text(f.preventionPlan) }),
  recorded: (d) => [['改善措施', str(d.preventionPlan)]],
})

// Each entry is checked against its own fields above; the table only needs to hold them all.
export const STEP_FORMS: Readonly<Partial<Record<number, StepForm<any>>>> = {
  2: accept,
  3: investigate,
  4: classify,
  5: plan,
  6: approve,
  7: negotiate,
  8: refund,
  9: closing,
  10: penalty,
  11: prevention,
}

/** What a done step recorded, line by line, with its note. */
export function recordLines(record: { step: number; data: Record<string, unknown>; note: string | null }): Array<[string, string]> {
  const lines = STEP_FORMS[record.step]?.recorded(record.data) ?? []
  return [...lines, ['说明', record.note ?? '']].filter(([, value]) => value) as Array<[string, string]>
}
