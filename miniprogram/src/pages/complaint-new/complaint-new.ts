import { api, errorText, loadPage } from '../../api'
import { caseLine } from '../../cases'
import { toast } from '../../feedback'
import type { MpCase, MpClinic } from '../../views'
import { openVisitForm, visitPickers } from '../../visit-form'

const WANTS = [
  { value: 'explanation', label: '希望得到解释' },
  { value: 'apology', label: '希望得到道歉' },
  { value: 'refund', label: '希望退款' },
  { value: 'compensation', label: '希望得到补偿' },
]
const MAX_PHOTOS = 6

function readAsArrayBuffer(filePath: string): Promise<ArrayBuffer> {
  return new Promise((resolve, reject) => {
    wx.getFileSystemManager().readFile({ filePath, success: (res) => resolve(res.data as ArrayBuffer), fail: reject })
  })
}

function chooseImages(count: number): Promise<Array<{ tempFilePath: string; size: number }>> {
  return new Promise((resolve) => {
    wx.chooseMedia({ count, mediaType: ['image'], sizeType: ['compressed'], success: (res) => resolve(res.tempFiles), fail: () => resolve([]) })
  })
}

Component({
  data: {
    status: 'loading', errorText: '', errorCode: '',
    clinics: [] as MpClinic[], clinicIndex: 0, today: '', wantOptions: WANTS,
    description: '', day: '', time: '', wants: [] as string[],
    photos: [] as Array<{ id: string; path: string }>, uploading: false,
    submitting: false, formError: '', filed: null as any,
  },
  methods: {
    onLoad() {
      this.load()
    },
    async load() {
      await loadPage(this, async () => {
        const { clinics } = await openVisitForm(this)
        return { status: 'ready', clinics }
      })
    },
    ...visitPickers,
    onDescription(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ description: e.detail.value })
    },
    onWants(e: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ wants: e.detail.value })
    },
    async addPhotos() {
      const room = MAX_PHOTOS - this.data.photos.length
      if (room <= 0) return toast(`最多可上传 ${MAX_PHOTOS} 张照片`)
      const files = await chooseImages(room)
      if (!files.length) return
      this.setData({ uploading: true })
      try {
        for (const file of files) {
          const bytes = await readAsArrayBuffer(file.tempFilePath)
          const type = /\.png$/i.test(file.tempFilePath) ? 'image/png' : 'image/jpeg'
          const { id } = await api<{ id: string }>('POST', '/api/mp/photos', bytes, type)
          this.setData({ photos: [...this.data.photos, { id, path: file.tempFilePath }] })
        }
      } catch (err) {
        toast(errorText(err))
      } finally {
        this.setData({ uploading: false })
      }
    },
    removePhoto(e: WechatMiniprogram.TouchEvent) {
      this.setData({ photos: this.data.photos.filter((p) => p.id !== e.currentTarget.dataset.id) })
    },
    async submit() {
      const { clinics, clinicIndex, description, day, time, wants, photos } = this.data
      const missing = description.trim().length < 5 ? '请简单描述一下发生了什么（至少 5 个字）' : ''
      this.setData({ formError: missing })
      if (missing || this.data.submitting || this.data.uploading) return
      this.setData({ submitting: true })
      try {
        const body = {
          clinicCode: clinics[clinicIndex].code,
          description: description.trim(),
          // Without a time the member only knows the day: noon keeps it on that day in any zone.
          ...(day ? { occurredAt: `${day}T${time || '12:00'}:00+08:00` } : {}),
          ...(wants.length ? { wants } : {}),
          ...(photos.length ? { photoIds: photos.map((p) => p.id) } : {}),
        }
        const filed = caseLine(await api<MpCase>('POST', '/api/mp/complaints', body))
        this.setData({ filed })
      } catch (err) {
        this.setData({ formError: errorText(err) })
      } finally {
        this.setData({ submitting: false })
      }
    },
    openFiled() {
      wx.redirectTo({ url: `/pages/complaint/complaint?number=${this.data.filed.number}` })
    },
  },
})
