/** Complaint categories, with the labels staff see, and a first guess from the complaint's own words. */
export const CATEGORIES = [
  'service_attitude',
  'waiting_time',
  'billing_refund',
  'medical_outcome',
  'product_quality',
  'environment',
  'privacy',
  'other',
] as const
export type Category = (typeof CATEGORIES)[number]

export const CATEGORY_LABELS: Record<Category, string> = {
  service_attitude: '服务态度',
  waiting_time: '等候时间',
  billing_refund: '收费与退款',
  medical_outcome: '医疗效果',
  product_quality: '产品质量（眼镜、镜片）',
  environment: '环境设施',
  privacy: '隐私',
  other: '其他',
}

/**
 * Keyword rules, tried in order; the first match wins. Only a proposal: the supervisor confirms or
 * corrects the category when accepting the case (step 2) or classifying it (step 4).
 * Privacy and money come first because their words are the most specific ("多收了钱还等了很久" is a billing complaint).
 */
const RULES: ReadonlyArray<readonly [Category, RegExp]> = [
  ['privacy', /隐私|泄露|泄漏/],
  ['billing_refund', /退款|退费|退钱|收费|多收|乱收|价格|价钱|扣费/],
  ['medical_outcome', /手术|效果|视力|术后|疼|痛|发炎|感染/],
  ['product_quality', /眼镜|镜片|镜框|镜架|(?<!服务)质量/],
  ['service_attitude', /态度|不耐烦|骂|凶|冷漠|敷衍|服务质量/],
  ['waiting_time', /排队|等了|等待|等候|等太|等很|久/],
  ['environment', /环境|卫生|停车|脏|噪音|吵/],
]

export function proposeCategory(description: string): Category {
  for (const [category, pattern] of RULES) if (pattern.test(description)) return category
  return 'other'
}
