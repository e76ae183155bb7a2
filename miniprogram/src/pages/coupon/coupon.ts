import { api, failedState } from '../../api'
import { dateText } from '../../dates'
import type { MpCoupon } from '../../views'

const STATUS_TEXT: Record<string, string> = { usable: '可使用', used: '已使用', expired: '已过期' }

Component({
  data: { status: 'loading', errorText: '', errorCode: '', code: '', coupon: null as any },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ code: decodeURIComponent(query.code ?? '') })
      this.load()
    },
    async load() {
      this.setData({ status: 'loading' })
      try {
        const c = await api<MpCoupon>('GET', `/api/mp/coupons/${encodeURIComponent(this.data.code)}`)
        const coupon = {
          ...c,
          statusText: STATUS_TEXT[c.status],
          ruleText: c.threshold > 0 ? `满${c.threshold}元减${c.amount}元` : `立减${c.amount}元`,
          expiresText: dateText(c.expiresAt),
          usedText: c.redeemedAt ? dateText(c.redeemedAt) : '',
        }
        this.setData({ status: 'ready', coupon })
      } catch (err) {
        this.setData(failedState(err))
      }
    },
  },
})
