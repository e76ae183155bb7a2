/** Every Chinese sentence of the surveys area that is not template content (customers and staff). */
import { daysBetween } from '../calendar/days.ts'
import type { FollowUpReason, Question, SkipReason, SurveyType } from './model.ts'

export const SURVEY_TYPE_LABELS: Record<SurveyType, string> = {
  no_spend: '到诊未消费',
  non_surgical: '非手术消费',
  surgical: '手术消费',
  post_surgery: '术后一周',
  post_recovery: '术后一个月',
  post_course: '疗程两周',
}

export const FOLLOW_UP_REASON_LABELS: Record<FollowUpReason, string> = {
  low_score: '低分（≤2 分）',
  needs_contact: '希望医生联系',
  negative_comment: '反映问题',
}

export const SKIP_REASON_LABELS: Record<SkipReason, string> = {
  opted_out: '已退订',
  open_complaint: '有未结投诉',
  surveyed_recently: '近期已回访',
  no_channel_identity: '未添加客服账号',
  no_conversation: '尚无会话',
  one_per_member: '同日已有其他回访',
  member_missing: '会员不存在',
  no_open_window: '不在可回复时段',
  channel_cannot_send: '渠道不支持主动发送',
  needs_mass_task: '需企业微信群发确认',
}

/** "昨天" for the day-after survey, "11月23日" for later touchpoints. */
export function visitDateLabel(visitDay: string, today: string): string {
  if (daysBetween(visitDay, today) === 1) return '昨天'
  const [, m, d] = visitDay.split('-').map(Number)
  return `${m}月${d}日`
}

export function fillIntro(intro: string, values: { clinic: string; date: string }): string {
  return intro.replaceAll('{clinic}', values.clinic).replaceAll('{date}', values.date)
}

const SCORE_HINT = '请回复 1-5 分：5 分非常满意，1 分很不满意；也可以直接回复“满意”“一般”“不满意”。'

/** A question as the customer sees it in chat, numbered "（2/4）". */
export function questionPrompt(question: Question, index: number, total: number): string {
  const head = `（${index + 1}/${total}）${question.text}`
  switch (question.kind) {
    case 'score':
      return `${head}\n${SCORE_HINT}`
    case 'choice':
      return `${head}\n${(question.options ?? []).map((o, i) => `${i + 1}. ${o.label}`).join('\n')}\n回复序号就可以～`
    case 'text':
      return `${head}\n没有的话回复“跳过”就好。`
  }
}

export const surveyCopy = {
  firstMessage: (intro: string, prompt: string) => `${intro}\n\n${prompt}`,
  nextQuestion: (prompt: string) => `好的，收到～\n\n${prompt}`,
  skippedQuestion: (prompt: string) => `没关系，这一题我们先跳过～\n\n${prompt}`,
  reprompt(question: Question): string {
    if (question.kind === 'choice') {
      return `抱歉，我没太明白～请回复选项前面的序号（1-${question.options?.length ?? 1}）；不想回答可以回复“跳过”。`
    }
    return '抱歉，我没太明白～请回复 1 到 5 之间的数字（5 分最满意），或者“满意”“一般”“不满意”这样的词；不想回答可以回复“跳过”。'
  },
  /** Said when the survey picks up again after another flow (a complaint, an appointment) has finished. */
  resume: (prompt: string) => `我们接着刚才的回访继续吧～\n\n${prompt}`,
  lowScore: '非常抱歉这次没能让您满意😔 您的反馈已经转给门诊的客服主管，会尽快联系您了解情况、帮您解决。',
  needsContact: '好的，已经请门诊的同事尽快联系您，请留意来电。如有明显不适，请及时就医。',
  complaintOffer: '听到您遇到了这样的问题，真的很抱歉。如果您愿意，我可以帮您登记为正式投诉，由专人跟进处理：需要的话请回复“是”，不需要回复“不用”就好。',
  complaintDeclined: '好的，尊重您的意见。您的反馈我们一定认真改进，之后有需要随时找我们😊',
  alreadyFinished: '刚才的回访已经完成啦，再次感谢您的反馈😊',
}

export interface SummaryFigures {
  invitations: number
  responses: number
  responseRate: number | null
  averageScore: number | null
  promoters: number
  passives: number
  detractors: number
  lowScoreCases: number
  followUpsOpen: number
}

const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`)
const average = (score: number | null) => (score === null ? '—' : score.toFixed(2))
const shortDay = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`

/** The Friday 周报 summary for directors, clinic heads and supervisors (their clinics' lines only). */
export function weeklySummary(from: string, to: string, totals: SummaryFigures, clinics: Array<SummaryFigures & { clinicName: string }>): string {
  const line = (f: SummaryFigures) =>
    `发出 ${f.invitations} 份，回复 ${f.responses} 份（回复率 ${percent(f.responseRate)}），平均分 ${average(f.averageScore)}，低分 ${f.lowScoreCases} 例（待跟进 ${f.followUpsOpen} 例）`
  return [
    `【满意度周报】${shortDay(from)}—${shortDay(to)}`,
    `合计：${line(totals)}；推荐 ${totals.promoters} / 中立 ${totals.passives} / 贬损 ${totals.detractors}。`,
    ...clinics.map((c) => `· ${c.clinicName}：${line(c)}`),
    '明细和顾客留言请在控制台“满意度报表”查看或下载 Excel。',
  ].join('\n')
}

/** What staff read in their notifications about surveys (console and WeCom). */
export const surveyNoticeCopy = {
  // No name, phone or comment here: the message may travel to WeCom; the console shows the rest.
  lowScore: (clinicCode: string, score: number | null) => ({
    title: `回访低分待联系（${clinicCode}）`,
    body: `一位顾客在满意度回访中给了${score ?? '低'}分。请尽快致电了解情况，并在「满意度回访」页登记结果。`,
  }),
  weekly: (from: string, to: string) => ({ title: `满意度周报（${from} 至 ${to}）` }),
}
