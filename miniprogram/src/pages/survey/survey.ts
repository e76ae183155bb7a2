import { api, errorText, failedState } from '../../api'
import type { MpQuestion, MpSurvey } from '../../views'

interface Answer { questionId: string; score?: number; choice?: string; text?: string; skipped?: boolean }

const DEFAULT_THANKS = '感谢您抽出宝贵时间填写问卷，我们会认真阅读每一条意见。'

/** A question left blank is sent as skipped; an empty free-text box is not an answer. */
function answerOf(q: MpQuestion, value: unknown): Answer {
  if (q.kind === 'score' && typeof value === 'number' && value > 0) return { questionId: q.id, score: value }
  if (q.kind === 'choice' && typeof value === 'string' && value) return { questionId: q.id, choice: value }
  if (q.kind === 'text' && typeof value === 'string' && value.trim()) return { questionId: q.id, text: value.trim() }
  return { questionId: q.id, skipped: true }
}

Component({
  data: { status: 'loading', errorText: '', errorCode: '', id: '', survey: null as any, questions: [] as MpQuestion[], values: {} as Record<string, unknown>, submitting: false, formError: '', thanks: '' },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ id: query.id ?? '' })
      this.load()
    },
    async load() {
      this.setData({ status: 'loading' })
      try {
        const { items } = await api<{ items: MpSurvey[] }>('GET', '/api/mp/surveys')
        const survey = items.find((s) => s.id === this.data.id)
        if (!survey) return this.setData({ status: 'error', errorText: '这份问卷已填写或已截止，感谢您的关注', errorCode: 'survey_not_found' })
        this.setData({ status: 'ready', survey, questions: survey.questions.filter((q) => !q.answered) })
      } catch (err) {
        this.setData(failedState(err))
      }
    },
    onAnswer(e: WechatMiniprogram.CustomEvent<{ value: unknown }>) {
      this.setData({ [`values.${e.currentTarget.dataset.id}`]: e.detail.value })
    },
    async submit() {
      const { questions, values, submitting } = this.data
      if (submitting) return
      const answers = questions.map((q) => answerOf(q, values[q.id]))
      if (answers.every((a) => a.skipped)) return this.setData({ formError: '请至少回答一个问题' })
      this.setData({ submitting: true, formError: '' })
      try {
        const result = await api<{ complete: boolean; thanks: string | null }>('POST', `/api/mp/surveys/${this.data.id}/answers`, { answers })
        this.setData({ thanks: result.thanks || DEFAULT_THANKS })
      } catch (err) {
        this.setData({ formError: errorText(err) })
      } finally {
        this.setData({ submitting: false })
      }
    },
    back() {
      wx.navigateBack()
    },
  },
})
