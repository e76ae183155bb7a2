import { api, errorText, failedState } from '../../api'
import { toast } from '../../feedback'
import { bindPhone, me } from '../../member'
import type { MpClinic } from '../../views'

const ENTRIES = [
  { title: '会员卡', note: '会员码 · 积分', url: '/pages/card/card' },
  { title: '我的优惠券', note: '可用 · 已用 · 过期', url: '/pages/coupons/coupons' },
  { title: '预约', note: '预约到院时间', url: '/pages/appointments/appointments' },
  { title: '投诉与建议', note: '我们认真对待每条反馈', url: '/pages/complaints/complaints' },
  { title: '满意度调查', note: '说说您的就诊感受', url: '/pages/surveys/surveys' },
  { title: '积分兑换', note: '用积分换好礼', url: '/pages/gifts/gifts' },
  { title: '我的', note: '手机号 · 消息设置 · 隐私', url: '/pages/mine/mine' },
]

Component({
  data: { status: 'loading', errorText: '', errorCode: '', member: null as any, clinic: null as MpClinic | null, entries: ENTRIES },
  methods: {
    onLoad() {
      this.load()
    },
    async load() {
      this.setData({ status: 'loading' })
      try {
        const member = await me()
        // Before the phone is bound there is no home clinic yet: show the chain's first one.
        const clinic = member?.clinic ?? (await api<{ items: MpClinic[] }>('GET', '/api/mp/clinics')).items[0] ?? null
        this.setData({ status: 'ready', member, clinic })
      } catch (err) {
        this.setData(failedState(err))
      }
    },
    async onPhoneNumber(e: WechatMiniprogram.CustomEvent<{ code?: string }>) {
      if (!e.detail.code) return toast('需要您同意授权手机号，才能为您开通会员')
      try {
        const { member } = await bindPhone(e.detail.code)
        this.setData({ member, clinic: member.clinic ?? this.data.clinic })
        toast('绑定成功', 'success')
      } catch (err) {
        toast(errorText(err))
      }
    },
    call() {
      if (this.data.clinic) wx.makePhoneCall({ phoneNumber: this.data.clinic.phone })
    },
    openMap() {
      const clinic = this.data.clinic
      if (!clinic?.location) return
      wx.openLocation({ ...clinic.location, name: clinic.name, address: clinic.address, scale: 16 })
    },
    go(e: WechatMiniprogram.TouchEvent) {
      wx.navigateTo({ url: e.currentTarget.dataset.url })
    },
  },
})
