import { api, failedState } from '../../api'
import { dateText } from '../../dates'
import type { MpCoupon } from '../../views'

const EMPTY_TEXT: Record<string, string> = { usable: '暂时没有可用的优惠券', used: '还没有使用过优惠券', expired: '没有过期的优惠券' }

const couponLine = (c: MpCoupon) => ({
  ...c,
  ruleText: c.threshold > 0 ? `满${c.threshold}元可用` : '无门槛',
  expiresText: dateText(c.expiresAt),
  usedText: c.redeemedAt ? dateText(c.redeemedAt) : '',
})

Component({
  data: { tab: 'usable', status: 'loading', errorText: '', errorCode: '', emptyText: EMPTY_TEXT.usable, items: [] as any[] },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.show(query.status && EMPTY_TEXT[query.status] ? query.status : 'usable')
    },
    onTabChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.show(e.detail.value)
    },
    show(tab: string) {
      this.setData({ tab, emptyText: EMPTY_TEXT[tab] })
      this.load()
    },
    async load() {
      const tab = this.data.tab
      this.setData({ status: 'loading' })
      try {
        const { items } = await api<{ items: MpCoupon[] }>('GET', `/api/mp/coupons?status=${tab}`)
        if (tab !== this.data.tab) return // the member switched tabs meanwhile
        this.setData({ status: items.length ? 'ready' : 'empty', items: items.map(couponLine) })
      } catch (err) {
        this.setData(failedState(err))
      }
    },
    open(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: `/pages/coupon/coupon?code=${encodeURIComponent(e.currentTarget.dataset.code)}` })
    },
  },
})
