import { api, loadPage, listState } from '../../api'
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
      await loadPage(this, async () => {
        const { items } = await api<{ items: MpCase[] }>('GET', '/api/mp/complaints')
        return listState(items.map(caseLine))
      })
    },
    write() {
      wx.navigateTo({ url: '/pages/complaint-new/complaint-new' })
    },
    open(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/pages/complaint/complaint?number=${e.currentTarget.dataset.number}` })
    },
  },
})
