/** Column names as the HIS exports them (English or Chinese) → the fields of a visit row. */
const COLUMN_ALIASES: Record<string, string> = {
  externalid: 'externalId', 外部编号: 'externalId', 就诊编号: 'externalId', 流水号: 'externalId',
  memberid: 'memberId', 会员编号: 'memberId', 会员id: 'memberId',
  phone: 'phone', 手机号: 'phone', 手机: 'phone', 电话: 'phone',
  cliniccode: 'clinicCode', 机构: 'clinicCode', 机构缩写: 'clinicCode', 机构代码: 'clinicCode',
  visitedat: 'visitedAt', 到院时间: 'visitedAt', 就诊时间: 'visitedAt', 日期: 'visitedAt',
  type: 'type', 类型: 'type', 就诊类型: 'type',
  amount: 'amount', 金额: 'amount', 消费金额: 'amount',
}

/** seed 003's Chinese visit types. */
const TYPE_ALIASES: Record<string, string> = { 到诊未消费: 'no_spend', 非手术消费: 'non_surgical', 手术消费: 'surgical' }

const columnKey = (header: unknown) => COLUMN_ALIASES[String(header ?? '').trim().replace(/[\s_-]/g, '').toLowerCase()]

/** Header + records → objects for importVisits; unknown columns are ignored and fully empty records skipped. */
export function rowsFromTable(header: readonly unknown[], records: readonly unknown[][]): Array<Record<string, unknown>> {
  const keys = header.map(columnKey)
  const rows: Array<Record<string, unknown>> = []
  for (const record of records) {
    const row: Record<string, unknown> = {}
    keys.forEach((key, i) => {
      let value = record[i]
      if (!key || value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return
      if (typeof value === 'string') value = value.trim()
      if (key === 'amount' && typeof value === 'string' && /^-?\d{1,3}(,?\d{3})*(\.\d+)?$/.test(value)) value = Number(value.replace(/,/g, ''))
      if (key === 'type' && typeof value === 'string') value = TYPE_ALIASES[value] ?? value
      row[key] = value
    })
    if (Object.keys(row).length) rows.push(row)
  }
  return rows
}
