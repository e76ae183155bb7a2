/** Promise forms of the dialogs the pages use. */
export function confirmDialog(title: string, content: string, confirmText = '确定'): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({ title, content, confirmText, cancelText: '再想想', success: (res) => resolve(res.confirm), fail: () => resolve(false) })
  })
}

export function toast(title: string, icon: 'success' | 'none' = 'none') {
  wx.showToast({ title, icon })
}
