import { caseLine } from '../../cases'
import { ownListPage } from '../../own-list-page'
import type { MpCase } from '../../views'

ownListPage<MpCase>('/api/mp/complaints', caseLine, {
  write() {
    wx.navigateTo({ url: '/pages/complaint-new/complaint-new' })
  },
  open(e) {
    wx.navigateTo({ url: `/pages/complaint/complaint?number=${e.currentTarget.dataset.number}` })
  },
})
