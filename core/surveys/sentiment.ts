/**
 * Whether a free-text comment describes a problem, so a supervisor calls back and the bot offers
 * to file a complaint. A small lexicon of what patients write when something went wrong; "没有问题"
 * and the like are not problems. The bot adds its own reading (complaint intent, anger).
 */
const PROBLEM_WORDS =
  /不满意|不太满意|很差|太差|较差|差劲|态度(不好|差|恶劣|冷淡|生硬)|不耐烦|敷衍|推销|乱收费|收费(太)?(贵|高|不合理|不透明)|太贵|坑|骗|失望|后悔|投诉|等(了)?(很久|太久|好久|半天|一个多?小时|两个小时)|排队(太久|很久)|太慢|没人(管|理)|不专业|不负责|没效果|效果(不好|不明显|差)|疼得|很疼|太疼|痛得|红肿|发炎|感染|出血|流血|化脓|模糊|看不清|不舒服|不适|副作用|问题(很|还)?(多|大)|有问题|出问题|不卫生|不方便|不太方便|难找|停车难|(很|太|环境)脏|粗鲁|😡|🤬|👎|😤|💢|\[(发怒|怒|弱|难过|流泪)\]/

const NOT_A_PROBLEM = /^(没有|没|无|暂无|没了|没有了|没什么|没问题|没有问题|没有什么问题|都挺好|都很好|挺好|很好|都好|满意|非常满意|不错|很不错|一切都好|一切正常)[的了啊呀哦吧。！!～~，,\s]*$/

// "没有什么不适", "不疼": a problem word that is denied.
const DENIED = /(没有?|无|并不|不)(什么|明显的?|任何|太)?(不适|不舒服|问题|副作用|红肿|出血|疼|痛|失望|后悔)/g

export function isProblemComment(text: string): boolean {
  const trimmed = text.trim()
  if (!trimmed || NOT_A_PROBLEM.test(trimmed)) return false
  return PROBLEM_WORDS.test(trimmed.replace(DENIED, ''))
}

/** Answers that mean "nothing to add" to an open question; stored as skipped, not as a comment. */
export const NO_COMMENT = /^(没有|没|无|暂无|没了|没有了|没什么|没啥|没意见|没有意见|没有建议|没什么建议|都挺好的?|一切都好|暂时没有)[的了啊呀哦吧。！!～~，,\s]*$/
