import { api, errorText, loadPage } from '../../api'
import { dateTimeText, dayText } from '../../dates'
import { confirmDialog, toast } from '../../feedback'
import type { MpAppointment, MpClinic } from '../../views'
import { openVisitForm, visitPickers } from '../../visit-form'

const PART_OF_DAY: Record<string, string> = { morning: '上午', afternoon: '下午' }

const line = (a: MpAppointment) => ({
  ...a,
  whenText: a.at ? dateTimeText(a.at) : `${dayText(a.day)} ${a.time ?? PART_OF_DAY[a.partOfDay ?? ''] ?? ''}`.trim(),
  cancellable: a.cancellable ?? a.status !== 'cancelled',
})

Component({
  data: {
    status: 'loading', errorText: '', errorCode: '',
    clinics: [] as MpClinic[], clinicIndex: 0, today: '',
    day: '', partOfDay: 'morning', time: '', name: '', phone: '',
    submitting: false, formError: '', items: [] as any[],
  },
  methods: {
    onLoad() {
      this.load()
    },
    async load() {
      await loadPage(this, async () => {
        const [{ member, clinics }, mine] = await Promise.all([openVisitForm(this), api<{ items: MpAppointment[] }>('GET', '/api/mp/appointments')])
        return { status: 'ready', clinics, items: mine.items.map(line), name: this.data.name || member?.name || '' }
      })
    },
    ...visitPickers,
    onPartOfDay(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ partOfDay: e.detail.value, time: '' })
    },
    onName(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ name: e.detail.value })
    },
    onPhone(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ phone: e.detail.value })
    },
    async submit() {
      const { clinics, clinicIndex, day, time, partOfDay, name, phone } = this.data
      const missing = !day ? '请选择预约日期' : !name.trim() ? '请填写就诊人姓名' : !/^1\d{10}$/.test(phone) ? '请填写11位手机号码，方便门诊与您确认时间' : ''
      this.setData({ formError: missing })
      if (missing || this.data.submitting) return
      this.setData({ submitting: true })
      try {
        const body = { clinicCode: clinics[clinicIndex].code, day, name: name.trim(), phone, ...(time ? { time } : { partOfDay }) }
        const booked = await api<MpAppointment>('POST', '/api/mp/appointments', body)
        this.setData({ items: [line(booked), ...this.data.items], day: '', time: '' })
        toast('预约已提交，门诊会尽快与您确认', 'success')
      } catch (err) {
        this.setData({ formError: errorText(err) })
      } finally {
        this.setData({ submitting: false })
      }
    },
    async cancel(e: WechatMiniprogram.TouchEvent) {
      const id: string = e.currentTarget.dataset.id
      if (!(await confirmDialog('取消预约', '确定要取消这次预约吗？如需改期，可以重新预约。', '取消预约'))) return
      try {
        const cancelled = await api<MpAppointment>('POST', `/api/mp/appointments/${id}/cancel`)
        this.setData({ items: this.data.items.map((a) => (a.id === id ? line(cancelled) : a)) })
        toast('预约已取消')
      } catch (err) {
        toast(errorText(err))
      }
    },
  },
})
