import { api, errorText, failedState } from '../../api'
import { confirmDialog, toast } from '../../feedback'
import type { MpGift } from '../../views'

Component({
  data: { status: 'loading', errorText: '', errorCode: '', balance: 0, items: [] as MpGift[], redeeming: '', redeemed: '' },
  methods: {
    onLoad() {
      this.load()
    },
    async load() {
      this.setData({ status: 'loading' })
      try {
        const { balance, items } = await api<{ balance: number; items: MpGift[] }>('GET', '/api/mp/gifts')
        this.setData({ status: items.length ? 'ready' : 'empty', balance, items })
      } catch (err) {
        this.setData(failedState(err))
      }
    },
    async redeem(e: WechatMiniprogram.TouchEvent) {
      const gift = this.data.items.find((g) => g.id === e.currentTarget.dataset.id)
      if (!gift || this.data.redeeming) return
      if (!(await confirmDialog('确认兑换', `使用 ${gift.pointsCost} 积分兑换「${gift.name}」？兑换后请到门诊前台领取。`, '确认兑换'))) return
      this.setData({ redeeming: gift.id })
      try {
        const result = await api<{ balance: number; giftName: string }>('POST', `/api/mp/gifts/${gift.id}/redeem`)
        const items = this.data.items.map((g) => (g.id === gift.id ? { ...g, stock: g.stock - 1 } : g))
        this.setData({ balance: result.balance, items, redeemed: `已兑换「${result.giftName}」，剩余积分 ${result.balance}。请到门诊前台领取。` })
        toast('兑换成功', 'success')
      } catch (err) {
        toast(errorText(err))
      } finally {
        this.setData({ redeeming: '' })
      }
    },
  },
})
