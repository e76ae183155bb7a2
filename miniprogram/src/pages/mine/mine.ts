import { api, errorText, failedState } from '../../api'
import { toast } from '../../feedback'
import { bindPhone, me } from '../../member'
import type { MpMember } from '../../views'

Component({
  data: { status: 'loading', errorText: '', errorCode: '', member: null as MpMember | null, saving: false },
  methods: {
    onLoad() {
      this.load()
    },
    async load() {
      this.setData({ status: 'loading' })
      try {
        this.setData({ status: 'ready', member: await me() })
      } catch (err) {
        this.setData(failedState(err))
      }
    },
    async onPhoneNumber(e: WechatMiniprogram.CustomEvent<{ code?: string }>) {
      if (!e.detail.code) return toast('需要您同意授权手机号，才能为您开通会员')
      try {
        const { member, created } = await bindPhone(e.detail.code)
        this.setData({ member })
        toast(created ? '会员开通成功' : '绑定成功', 'success')
      } catch (err) {
        toast(errorText(err))
      }
    },
    /** The switch reads "receive greetings": on means not opted out. */
    async onGreetings(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ saving: true })
      try {
        const { member } = await api<{ member: MpMember }>('POST', '/api/mp/me/opt-out', { optedOut: !e.detail.value })
        this.setData({ member })
        toast(member.optedOut ? '已为您关闭关怀消息' : '已为您开启关怀消息')
      } catch (err) {
        toast(errorText(err))
        this.setData({ member: this.data.member }) // puts the switch back
      } finally {
        this.setData({ saving: false })
      }
    },
    privacy() {
      wx.navigateTo({ url: '/pages/privacy/privacy' })
    },
  },
})
