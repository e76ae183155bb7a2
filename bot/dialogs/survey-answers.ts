/**
 * Reads a chat reply as the answer to one survey question: numbers ("5", "5分", "五星", "⭐⭐⭐⭐"),
 * words (非常满意 … 很差), emoji (👍😊 … 😡👎, also WeChat's "[强]" "[微笑]" codes), an option's number
 * or label, or free text. "跳过" skips. `bare` says the whole message is the answer — such a reply
 * is taken even when the understanding hears something else in it (满意 reads as a complaint word).
 */
import type { Question } from '../../core/surveys/model.ts'
import { normalize } from '../nlu/normalize.ts'

export type ReadAnswer =
  | { kind: 'answer'; bare: boolean; score?: number; choice?: string; text?: string }
  | { kind: 'skip' }
  | { kind: 'none' }

const SKIP = /^(跳过|跳过吧|略过|下一题|下一个|不想回答|不想答|不回答|pass|skip)$/
const FILLERS = /[\s。.!！~～,，、?？吧啊呀哈嘿哦噢嗯了的啦]+/g

const SCORE_WORDS: Array<[string, number]> = (
  [
    ['非常不满意', 1], ['很不满意', 1], ['特别不满意', 1], ['极不满意', 1], ['非常差', 1], ['特别差', 1], ['很差', 1], ['太差', 1], ['极差', 1], ['差劲', 1], ['糟糕', 1], ['很糟', 1],
    ['不太满意', 2], ['不怎么满意', 2], ['不满意', 2], ['不怎么样', 2], ['较差', 2], ['有点差', 2], ['不太好', 2], ['不好', 2], ['差', 2],
    ['一般般', 3], ['一般', 3], ['还行', 3], ['还可以', 3], ['凑合', 3], ['马马虎虎', 3], ['普通', 3], ['中等', 3], ['过得去', 3],
    ['非常满意', 5], ['特别满意', 5], ['十分满意', 5], ['超级满意', 5], ['很满意', 5], ['满分', 5], ['非常好', 5], ['特别好', 5], ['太好了', 5], ['很好', 5], ['完美', 5],
    ['比较满意', 4], ['挺满意', 4], ['还挺满意', 4], ['满意', 4], ['挺好', 4], ['不错', 4], ['还不错', 4], ['蛮好', 4],
  ] as Array<[string, number]>
).sort((a, b) => b[0].length - a[0].length) // longest first: 不满意 before 满意

// normalize() drops the emoji variation selector, so ❤️ arrives as ❤.
const EMOJI_SCORES: Array<[RegExp, number]> = [
  [/😡|🤬|💢|😤|😠|\[(发怒|怒|抓狂)\]/, 1],
  [/👎|😞|😔|🙁|☹|😕|😒|😣|\[(弱|难过|流泪|委屈|撇嘴)\]/, 2],
  [/😐|😑|🤔|😶|\[(发呆|疑问|尴尬)\]/, 3],
  [/👍|👏|💯|❤|🥰|😍|🌹|💐|🎉|\[(强|赞|鼓掌|玫瑰|爱心|爱你|胜利)\]/, 5],
  [/😊|🙂|😀|😄|😃|☺|😁|👌|\[(微笑|愉快|呲牙|憨笑|可爱|ok|OK)\]/, 4],
]

const CHINESE_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5 }

function scoreFromDigit(token: string): number | null {
  const n = CHINESE_DIGITS[token] ?? Number(token)
  return Number.isInteger(n) && n >= 1 && n <= 5 ? n : null
}

function readScore(text: string, core: string): ReadAnswer {
  const bareNumber = /^(给)?([1-5一二两三四五])(分|星|颗星|星级)?$/.exec(core)
  if (bareNumber) return { kind: 'answer', bare: true, score: scoreFromDigit(bareNumber[2])! }
  const stars = /^[⭐★]{1,5}$/u.exec(core)
  if (stars) return { kind: 'answer', bare: true, score: [...core].length }
  const word = SCORE_WORDS.find(([w]) => core === w.replace(FILLERS, ''))
  if (word) return { kind: 'answer', bare: true, score: word[1] }
  const onlyEmoji = core.replace(/\[[^\]]{1,4}\]/g, '').replace(/\p{Extended_Pictographic}/gu, '') === ''
  const emoji = EMOJI_SCORES.find(([pattern]) => pattern.test(text))
  if (emoji && onlyEmoji) return { kind: 'answer', bare: true, score: emoji[1] }

  // Inside a sentence: "给5分吧，医生很耐心", "非常满意，谢谢".
  const inSentence = /([1-5一二两三四五])\s*(分|星|颗星)/.exec(text)
  if (inSentence) return { kind: 'answer', bare: false, score: scoreFromDigit(inSentence[1])! }
  const wordInside = SCORE_WORDS.find(([w]) => w.length >= 2 && text.includes(w))
  if (wordInside) return { kind: 'answer', bare: false, score: wordInside[1] }
  if (emoji) return { kind: 'answer', bare: false, score: emoji[1] }
  return { kind: 'none' }
}

function readChoice(question: Question, text: string, core: string): ReadAnswer {
  const options = question.options ?? []
  const numbered = /^(选|第)?([1-9]|[a-f])(个|项|号|条)?$/i.exec(core)
  if (numbered) {
    const token = numbered[2].toLowerCase()
    const index = /\d/.test(token) ? Number(token) - 1 : token.charCodeAt(0) - 97
    return options[index] ? { kind: 'answer', bare: true, choice: options[index].id } : { kind: 'none' }
  }
  const exact = options.find((o) => normalize(o.label).replace(FILLERS, '') === core)
  if (exact) return { kind: 'answer', bare: true, choice: exact.id }
  const contained = [...options].sort((a, b) => b.label.length - a.label.length).find((o) => text.includes(normalize(o.label).replace(FILLERS, '')))
  return contained ? { kind: 'answer', bare: false, choice: contained.id } : { kind: 'none' }
}

export function readAnswer(question: Question, raw: string): ReadAnswer {
  const text = normalize(raw)
  const core = text.replace(FILLERS, '')
  if (SKIP.test(core)) return { kind: 'skip' }
  switch (question.kind) {
    case 'score':
      return readScore(text, core)
    case 'choice':
      return readChoice(question, text, core)
    case 'text':
      return raw.trim() ? { kind: 'answer', bare: true, text: raw.trim() } : { kind: 'none' }
  }
}
