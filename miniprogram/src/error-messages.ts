/** The server's error codes in the words a caring clinic would use; its own messages may be English. */
const MESSAGES: Record<string, string> = {
  network_error: '网络好像不太顺畅，请检查网络后再试',
  wechat_login_failed: '微信登录未成功，请稍后再试',
  wechat_code_invalid: '微信授权已失效，请重新操作一次',
  wechat_rate_limited: '操作有些频繁，请稍等一分钟再试',
  wechat_user_risky: '当前微信账号暂时无法使用此服务，请联系门诊客服',
  wechat_unavailable: '微信服务暂时繁忙，请稍后再试',
  unauthorized: '登录已失效，请重新进入小程序',
  member_required: '请先绑定手机号，成为会员后即可使用',
  phone_taken: '该手机号已绑定其他微信，如需更换请联系门诊客服',
  validation_failed: '填写的信息不完整，请检查后再提交',
  unknown_clinic: '未找到所选门诊，请重新选择',
  day_in_past: '预约日期已过，请选择今天或以后的日期',
  clinic_closed: '门诊当天休息，请换一天预约',
  appointment_not_found: '未找到这条预约',
  appointment_closed: '这条预约已结束，无法再取消',
  coupon_not_found: '未找到这张优惠券',
  complaint_not_found: '未找到这条反馈记录',
  unknown_photo: '照片上传未完成，请重新添加',
  too_many_photos: '最多可上传 6 张照片',
  payload_too_large: '照片太大了，请选择 2MB 以内的照片',
  unsupported_media_type: '仅支持 JPG 或 PNG 格式的照片',
  survey_not_found: '这份问卷已不存在',
  survey_already_answered: '您已经填写过这份问卷，感谢您的反馈',
  survey_closed: '这份问卷已截止，感谢您的关注',
  gift_not_found: '这件礼品已下架',
  gift_unavailable: '这件礼品暂时无法兑换',
  gift_out_of_stock: '礼品已兑完，请看看其他礼品',
  out_of_stock: '礼品已兑完，请看看其他礼品',
  insufficient_points: '积分还不够兑换这件礼品',
  not_enough_points: '积分还不够兑换这件礼品',
}

const BY_STATUS: Array<[(status: number) => boolean, string]> = [
  [(s) => s === 401, MESSAGES.unauthorized],
  [(s) => s === 404, '内容不存在或已删除'],
  [(s) => s === 429, '操作有些频繁，请稍后再试'],
  [(s) => s >= 500, '服务暂时繁忙，请稍后再试'],
]

export const FALLBACK_MESSAGE = '操作未成功，请稍后再试'

export function errorMessage(code: string, status = 0): string {
  return MESSAGES[code] ?? BY_STATUS.find(([matches]) => matches(status))?.[1] ?? FALLBACK_MESSAGE
}
