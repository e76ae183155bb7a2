import { api, failedState } from '../../api'
import { dateText, dayText } from '../../dates'
import type { MpSurvey } from '../../views'

Component({
  data: { status: 'loading', errorText: '', errorCode: '', items: [] as any[] },
  methods: {
    onLoad() {
      this.load()
    },
    onShow() {
      if (this.data.status !== 'loading') this.load()
    },
    async load() {
      this.setData({ status: 'loading' })
      try {
        const { items } = await api<{ items: MpSurvey[] }>('GET', '/api/mp/surveys')
        const lines = items.map((s) => ({ id: s.id, name: s.name, clinicName: s.clinicName, visitText: dayText(s.visitDay), expiresText: s.expiresAt ? dateText(s.expiresAt) : '' }))
        this.setData({ status: items.length ? 'ready' : 'empty', items: lines })
      } catch (err) {
        this.setData(failedState(err))
      }
    },
    open(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/pages/survey/survey?id=${e.currentTarget.dataset.id}` })
    },
  },
})
