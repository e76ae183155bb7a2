/** The loading, error and empty states every list page shows, with a retry (or the way to bind a phone). */
Component({
  options: { multipleSlots: true },
  properties: {
    status: { type: String, value: 'loading' }, // loading | error | empty | ready
    errorText: { type: String, value: '' },
    errorCode: { type: String, value: '' },
    emptyText: { type: String, value: '暂无内容' },
  },
  methods: {
    retry() {
      this.triggerEvent('retry')
    },
    bindPhone() {
      wx.navigateTo({ url: '/pages/mine/mine' })
    },
  },
})
