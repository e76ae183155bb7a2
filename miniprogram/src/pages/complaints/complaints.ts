import { api, failedState } from '../../api'
import { caseLine } from '../../cases'
import type { MpCase } from '../../views'

Component({
  data: { status: 'loading', errorText: '', errorCode: '', items: [] as any[] },
  methods: {
    onLoad() {
      this.load()
    },
    onShow() {
      // Back from the form: the new case belongs at the top.
      if (this.data.status !== 'loading') this.load()
    },
    async load() {
      this.setData({ status: 'loading' })
      try {
        const { items } = await api<{ items: MpCase[] }>('GET', '/api/mp/complaints')
        this.setData({ status: items.length ? 'ready' : 'empty', items: items.map(caseLine) })
      } catch (err) {
        this.setData(failedState(err))
      }
    },
    write() {
      wx.navigateTo({ url: '/pages/complaint-new/complaint-new' })
    },
    open(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/pages/complaint/complaint?number=${e.currentTarget.dataset.number}` })
    },
  },
})
